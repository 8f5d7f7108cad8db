package io.promptengine.archfixture.adapters.llm;

/**
 * Breaks "llm depends on no other adapter", "llm does not depend on bootstrap" and "adapters do not depend on
 * application.service".
 */
public final class LlmUsesOtherAdapters {
    io.promptengine.archfixture.adapters.http.HttpUsesOtherAdapters route;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
    io.promptengine.archfixture.application.service.Service service;
}

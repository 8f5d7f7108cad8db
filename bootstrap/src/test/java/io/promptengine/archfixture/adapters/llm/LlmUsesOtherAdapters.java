package io.promptengine.archfixture.adapters.llm;

/** Breaks "llm depends on no other adapter" and "llm does not depend on bootstrap". */
public final class LlmUsesOtherAdapters {
    io.promptengine.archfixture.adapters.http.HttpUsesOtherAdapters route;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
}

package io.promptengine.archfixture.adapters.tracing;

/** Breaks "tracing depends on no other adapter" and "tracing does not depend on bootstrap". */
public final class TracingUsesOtherAdapters {
    io.promptengine.archfixture.adapters.http.HttpUsesOtherAdapters route;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
}

package io.promptengine.archfixture.adapters.metrics;

/** Breaks "metrics depends on no other adapter" and "metrics does not depend on bootstrap". */
public final class MetricsUsesOtherAdapters {
    io.promptengine.archfixture.adapters.persistence.PersistenceUsesOtherAdapters store;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
}

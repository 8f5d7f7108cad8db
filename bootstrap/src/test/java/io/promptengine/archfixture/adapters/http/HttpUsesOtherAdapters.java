package io.promptengine.archfixture.adapters.http;

/** Breaks "http depends on no other adapter" and "http does not depend on bootstrap". */
public final class HttpUsesOtherAdapters {
    io.promptengine.archfixture.adapters.persistence.PersistenceUsesOtherAdapters store;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
}

package io.promptengine.archfixture.adapters.http;

/**
 * Breaks "http depends on no other adapter", "http does not depend on bootstrap" and "http speaks to the use cases,
 * never to the outgoing ports".
 */
public final class HttpUsesOtherAdapters {
    io.promptengine.archfixture.adapters.persistence.PersistenceUsesOtherAdapters store;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
    io.promptengine.archfixture.application.port.out.Store port;
}

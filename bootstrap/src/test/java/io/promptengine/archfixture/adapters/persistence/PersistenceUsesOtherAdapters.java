package io.promptengine.archfixture.adapters.persistence;

/** Breaks "persistence depends on no other adapter", "persistence does not depend on bootstrap", and Javalin's rule. */
public final class PersistenceUsesOtherAdapters {
    io.promptengine.archfixture.adapters.llm.LlmUsesOtherAdapters provider;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
    io.javalin.Javalin javalin;
}

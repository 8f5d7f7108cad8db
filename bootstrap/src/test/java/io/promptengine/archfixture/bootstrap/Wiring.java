package io.promptengine.archfixture.bootstrap;

/** Breaks "JDBI and SQL only in adapters.persistence" from bootstrap. */
public final class Wiring {
    java.sql.Connection connection;
}

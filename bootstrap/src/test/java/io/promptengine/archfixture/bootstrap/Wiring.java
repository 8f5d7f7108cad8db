package io.promptengine.archfixture.bootstrap;

/** Breaks "bootstrap passes a host's DataSource on and uses no other SQL": it holds a connection. */
public final class Wiring {
    java.sql.Connection connection;
}

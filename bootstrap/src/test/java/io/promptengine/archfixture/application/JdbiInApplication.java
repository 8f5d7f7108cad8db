package io.promptengine.archfixture.application;

/** Breaks "application depends on domain and the JDK only" and "JDBI only in persistence". */
public final class JdbiInApplication {
    org.jdbi.v3.core.Jdbi jdbi;
}

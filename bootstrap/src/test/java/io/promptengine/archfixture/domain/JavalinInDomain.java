package io.promptengine.archfixture.domain;

/** Breaks "domain depends on the JDK only". */
public final class JavalinInDomain {
    io.javalin.http.Context context;
}

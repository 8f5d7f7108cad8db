package io.promptengine.archfixture.bootstrap;

/** Breaks "bootstrap passes a host's JavalinConfig on and uses no other Javalin": it holds a Javalin app. */
public final class OwnJavalin {
    io.javalin.Javalin app;
}

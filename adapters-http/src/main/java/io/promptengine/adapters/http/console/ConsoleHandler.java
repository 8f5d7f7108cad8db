package io.promptengine.adapters.http.console;

import io.javalin.http.Context;

/** A console route's handler, given the session it was let through for. */
@FunctionalInterface
interface ConsoleHandler {

    void handle(Context ctx, Visitor visitor) throws Exception;
}

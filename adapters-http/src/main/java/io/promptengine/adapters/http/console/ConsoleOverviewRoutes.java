package io.promptengine.adapters.http.console;

import io.javalin.http.Context;

/**
 * The tenant's overview at {@code /console}: what the signed-in key's tenant has run lately. Owned by the
 * console-support branch, which fills in the charts and the latest failures; for now it greets and points to the
 * other pages.
 */
final class ConsoleOverviewRoutes {

    private final Pages pages;

    ConsoleOverviewRoutes(Pages pages) {
        this.pages = pages;
    }

    void register(ConsoleRouter router) {
        router.get("/console", Access.TENANT, this::overview);
    }

    private void overview(Context ctx, Visitor visitor) {
        pages.render(ctx, "overview", new OverviewPage(visitor.frame("Overview", Nav.OVERVIEW)));
    }
}

package io.promptengine.archfixture.adapters.http;

/** Breaks "the JSON API's routes do not depend on the console". */
public final class ApiRouteUsingTheConsole {
    io.promptengine.archfixture.adapters.http.console.ConsolePage page;
}

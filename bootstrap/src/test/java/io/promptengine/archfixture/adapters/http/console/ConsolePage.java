package io.promptengine.archfixture.adapters.http.console;

/** A page of the fixture's console, which a JSON API route of the fixture wrongly depends on. */
public final class ConsolePage {
}

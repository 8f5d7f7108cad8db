package io.promptengine.adapters.http.console;

/** The tenant's overview. A placeholder until its charts and latest failures are built (console-support). */
record OverviewPage(Frame frame) {
}

package io.promptengine.adapters.http.console;

/** A page that says what went wrong, in the API's words, with the request id that finds it in the logs. */
record ErrorPage(Frame frame, int status, String code, String message, String requestId) {
}

package io.promptengine.adapters.http;

/** The {@code Prefer} request header (RFC 7240), of which this API honours {@code respond-async}. */
final class Prefer {

    static final String RESPOND_ASYNC = "respond-async";

    private Prefer() {
    }

    /** Whether any preference in the header is {@code respond-async}, ignoring case, parameters and spacing. */
    static boolean respondAsync(String header) {
        if (header == null) {
            return false;
        }
        for (String preference : header.split(",")) {
            int parameters = preference.indexOf(';');
            String token = (parameters < 0 ? preference : preference.substring(0, parameters)).strip();
            if (token.equalsIgnoreCase(RESPOND_ASYNC)) {
                return true;
            }
        }
        return false;
    }
}

package io.promptengine.adapters.http.console;

/** Who may use a console route; {@link ConsoleRouter} checks it before the handler runs. */
enum Access {
    /** Anyone: the sign-in page. */
    ANYONE,
    /** A tenant's session; the use cases check the key's scopes, as for the API. */
    TENANT,
    /** A tenant's session whose key holds {@code manage}: every edit. */
    TENANT_MANAGE,
    /** The operator's session. */
    OPERATOR
}

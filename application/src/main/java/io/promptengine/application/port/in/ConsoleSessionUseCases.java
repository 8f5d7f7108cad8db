package io.promptengine.application.port.in;

import java.util.Optional;

/**
 * The console's sessions: a key (a tenant's or the operator's) is exchanged once for a session, so that the browser
 * never keeps the key. Each request's session is checked again against the key it was opened with: a key revoked,
 * expired or deleted since, or a tenant deactivated, ends its sessions at their next request.
 */
public interface ConsoleSessionUseCases {

    /**
     * Opens a session for the operator key or a tenant's API key; refuses a bad key with 401 and a key of a
     * deactivated tenant with 403, as the API does.
     */
    ConsoleSignIn signIn(String presentedSecret);

    /**
     * The visit of the session {@code token} names, and its use recorded; empty when there is no such session, it
     * has expired, or its key no longer authenticates (the session is then deleted).
     */
    Optional<ConsoleVisit> resolve(String token);

    /** Ends the session; nothing when there is none. */
    void signOut(String token);

    /** Deletes every expired session; returns how many. */
    int purgeExpired();
}

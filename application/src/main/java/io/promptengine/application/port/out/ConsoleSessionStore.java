package io.promptengine.application.port.out;

import java.time.Instant;
import java.util.Optional;

/** The console's sessions, shared by every instance on the database, found by the hash of their token. */
public interface ConsoleSessionStore {

    /** Stores a new session; its token hash is new (256 random bits). */
    void insert(ConsoleSession session);

    /** The session whose token hashes to {@code tokenHash}, expired ones included. */
    Optional<ConsoleSession> find(String tokenHash);

    /** Records a use: the session's last use and idle expiry move on. An unknown hash is ignored. */
    void touch(String tokenHash, Instant lastSeenAt, Instant idleExpiresAt);

    /** Ends the session; an unknown hash is ignored. */
    void delete(String tokenHash);

    /** Deletes every session that has expired at {@code now}, idle or absolute; returns how many. */
    int deleteExpired(Instant now);
}

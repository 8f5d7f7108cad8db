package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ConsoleSession;
import io.promptengine.application.port.out.ConsoleSessionStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Console sessions in a map by token hash. Thread-safe. */
public final class InMemoryConsoleSessionStore implements ConsoleSessionStore {

    private final ConcurrentHashMap<String, ConsoleSession> sessions = new ConcurrentHashMap<>();

    @Override
    public void insert(ConsoleSession session) {
        if (sessions.putIfAbsent(session.tokenHash(), session) != null) {
            throw new IllegalStateException("a session with this token hash exists");
        }
    }

    @Override
    public Optional<ConsoleSession> find(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public void touch(String tokenHash, Instant lastSeenAt, Instant idleExpiresAt) {
        sessions.computeIfPresent(tokenHash, (hash, session) -> new ConsoleSession(hash, session.tenantId(),
                session.apiKeyId(), session.operatorKey(), session.csrfToken(), session.createdAt(), lastSeenAt, idleExpiresAt,
                session.expiresAt()));
    }

    @Override
    public void delete(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public int deleteExpired(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(session -> !session.isLiveAt(now));
        return before - sessions.size();
    }
}

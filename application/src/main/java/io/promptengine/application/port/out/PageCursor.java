package io.promptengine.application.port.out;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.ExecutionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of executions ended: listings are ordered by creation time then id, newest first, and the next
 * page starts strictly after this position. Clients see it only as an opaque string.
 */
public record PageCursor(Instant createdAt, ExecutionId id) {

    public PageCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id.value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor from a previous page; anything else is a 400 on {@code cursor}. */
    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("three parts expected");
            }
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    new ExecutionId(parts[2]));
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "Field 'cursor' is not a cursor returned by this API");
        }
    }
}

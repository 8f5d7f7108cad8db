package io.promptengine.application.model;

import io.promptengine.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of audit events ended: listings are ordered by time then id, newest first, and the next page starts
 * strictly after this position. Clients see it only as an opaque string.
 */
public record AuditCursor(Instant at, String id) {

    public AuditCursor {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("not an audit event id: " + id);
        }
    }

    public String encode() {
        String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor from a previous page; anything else is a 400 on {@code cursor}. */
    public static AuditCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("three parts expected");
            }
            return new AuditCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    parts[2]);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "Field 'cursor' is not a cursor returned by this API");
        }
    }
}

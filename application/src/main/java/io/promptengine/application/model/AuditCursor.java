package io.promptengine.application.model;

import java.time.Instant;
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
        return CursorText.encode(at, id);
    }

    /** Parses a cursor from a previous page; anything else is a 400 on {@code cursor}. */
    public static AuditCursor decode(String cursor) {
        return CursorText.decode(cursor, AuditCursor::new);
    }
}

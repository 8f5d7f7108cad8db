package io.promptengine.application.port.out;

import io.promptengine.application.model.CursorText;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Instant;
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
        return CursorText.encode(createdAt, id.value());
    }

    /** Parses a cursor from a previous page; anything else is a 400 on {@code cursor}. */
    public static PageCursor decode(String cursor) {
        return CursorText.decode(cursor, (at, id) -> new PageCursor(at, new ExecutionId(id)));
    }
}

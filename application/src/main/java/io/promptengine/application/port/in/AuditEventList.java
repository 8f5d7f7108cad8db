package io.promptengine.application.port.in;

import io.promptengine.domain.audit.AuditEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of audit events and the cursor of the next page, absent on the last one. */
public record AuditEventList(List<AuditEvent> items, Optional<String> nextCursor) {

    public AuditEventList {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}

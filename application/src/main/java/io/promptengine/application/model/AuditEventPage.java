package io.promptengine.application.model;

import io.promptengine.domain.audit.AuditEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A page of audit events read from the store, and where the next one starts (absent when there is no more). */
public record AuditEventPage(List<AuditEvent> items, Optional<AuditCursor> next) {

    public AuditEventPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}

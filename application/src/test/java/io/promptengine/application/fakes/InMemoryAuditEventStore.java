package io.promptengine.application.fakes;

import io.promptengine.application.model.AuditCursor;
import io.promptengine.application.model.AuditEventPage;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.application.port.out.AuditEventStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Audit events in a list. The in-memory stores append to the one they were made with, once their change has
 * succeeded, as the database's stores write them in the change's transaction. Thread-safe.
 */
public final class InMemoryAuditEventStore implements AuditEventStore {

    private static final Comparator<AuditEvent> NEWEST_FIRST =
            Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::id).reversed();

    private final List<AuditEvent> events = new ArrayList<>();

    /** Records an event; only a store making the change it records calls this. */
    public synchronized void append(AuditEvent event) {
        if (events.stream().anyMatch(stored -> stored.id().equals(event.id()))) {
            throw new IllegalStateException("audit event id " + event.id() + " is already stored");
        }
        events.add(event);
    }

    /** {@link #append} each event, for a store whose change records several. */
    public synchronized void appendAll(List<AuditEvent> all) {
        all.forEach(this::append);
    }

    @Override
    public synchronized AuditEventPage list(Optional<TenantId> tenant, AuditFilter filter,
            Optional<AuditCursor> after, int limit) {
        List<AuditEvent> matching = events.stream()
                .filter(event -> tenant.isEmpty() || event.tenant().equals(tenant))
                .filter(event -> matches(event, filter))
                .filter(event -> after.isEmpty() || isAfter(event, after.get()))
                .sorted(NEWEST_FIRST)
                .toList();
        if (matching.size() <= limit) {
            return new AuditEventPage(matching, Optional.empty());
        }
        List<AuditEvent> page = matching.subList(0, limit);
        AuditEvent last = page.get(page.size() - 1);
        return new AuditEventPage(page, Optional.of(new AuditCursor(last.at(), last.id())));
    }

    /** Every stored event, in the order appended. */
    public synchronized List<AuditEvent> all() {
        return List.copyOf(events);
    }

    private static boolean matches(AuditEvent event, AuditFilter filter) {
        return filter.action().map(action -> event.action() == action).orElse(true)
                && filter.targetType().map(type -> event.targetType() == type).orElse(true)
                && filter.targetId().map(id -> event.targetId().equals(id)).orElse(true)
                && filter.actor().map(actor -> event.actor().equals(actor)).orElse(true)
                && filter.since().map(since -> !event.at().isBefore(since)).orElse(true)
                && filter.until().map(until -> event.at().isBefore(until)).orElse(true);
    }

    /** Strictly after the cursor in the newest-first order: older, or as old with a smaller id. */
    private static boolean isAfter(AuditEvent event, AuditCursor cursor) {
        int byTime = event.at().compareTo(cursor.at());
        return byTime < 0 || (byTime == 0 && event.id().compareTo(cursor.id()) < 0);
    }
}

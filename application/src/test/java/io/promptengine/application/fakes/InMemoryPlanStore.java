package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.ratelimit.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans by name. Thread-safe. */
public final class InMemoryPlanStore implements PlanStore {

    private final Map<String, Plan> byName = new TreeMap<>();

    private final InMemoryAuditEventStore audit;

    /** With an audit trail of its own, which no one else sees. */
    public InMemoryPlanStore() {
        this(new InMemoryAuditEventStore());
    }

    /** Appending the audit events of its changes to {@code audit}. */
    public InMemoryPlanStore(InMemoryAuditEventStore audit) {
        this.audit = audit;
    }

    /** Adds or replaces a plan, for tests that set one up. */
    public synchronized InMemoryPlanStore put(Plan plan) {
        byName.put(plan.name(), plan);
        return this;
    }

    @Override
    public synchronized void insert(Plan plan, Optional<AuditEvent> event) {
        if (byName.putIfAbsent(plan.name(), plan) != null) {
            throw new ConflictException("A plan named '" + plan.name() + "' already exists");
        }
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized Optional<Plan> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized List<Plan> list() {
        return List.copyOf(byName.values());
    }
}

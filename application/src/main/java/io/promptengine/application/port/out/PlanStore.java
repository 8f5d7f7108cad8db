package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.ratelimit.Plan;
import java.util.List;
import java.util.Optional;

/** The plans operators define. The built-in plans live in the domain ({@link Plan#builtIns()}), not here. */
public interface PlanStore {

    /** Stores a new plan; a taken name is a {@code ConflictException}. */
    default void insert(Plan plan) {
        insert(plan, Optional.empty());
    }

    /** Stores a new plan and, in the same transaction, the audit event of its creation. */
    void insert(Plan plan, Optional<AuditEvent> audit);

    Optional<Plan> find(String name);

    /** Every stored plan, in name order. */
    List<Plan> list();
}

package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.ratelimit.Plan;
import java.util.Optional;

/** The plans every installation has: Free, Pro and Enterprise. Operator-defined plans need a store of their own. */
public final class BuiltInPlanStore implements PlanStore {

    @Override
    public Optional<Plan> find(String name) {
        return Plan.builtIns().stream().filter(plan -> plan.name().equals(name)).findFirst();
    }
}

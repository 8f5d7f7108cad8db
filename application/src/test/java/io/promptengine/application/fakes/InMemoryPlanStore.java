package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.ratelimit.Plan;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The built-in plans, and any a test adds. Thread-safe. */
public final class InMemoryPlanStore implements PlanStore {

    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    public InMemoryPlanStore() {
        Plan.builtIns().forEach(this::put);
    }

    /** Adds or replaces a plan. */
    public InMemoryPlanStore put(Plan plan) {
        plans.put(plan.name(), plan);
        return this;
    }

    @Override
    public Optional<Plan> find(String name) {
        return Optional.ofNullable(plans.get(name));
    }
}

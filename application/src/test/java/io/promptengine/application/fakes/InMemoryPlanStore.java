package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.ratelimit.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans by name. Thread-safe. */
public final class InMemoryPlanStore implements PlanStore {

    private final Map<String, Plan> byName = new TreeMap<>();

    /** Adds or replaces a plan, for tests that set one up. */
    public synchronized InMemoryPlanStore put(Plan plan) {
        byName.put(plan.name(), plan);
        return this;
    }

    @Override
    public synchronized void insert(Plan plan) {
        if (byName.putIfAbsent(plan.name(), plan) != null) {
            throw new ConflictException("A plan named '" + plan.name() + "' already exists");
        }
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

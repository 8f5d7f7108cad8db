package io.promptengine.application.service;

import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.ManagePlansUseCase;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.ratelimit.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans: the built-in ones come from the domain and cannot be redefined; operators add others to the store. */
public final class PlanService implements ManagePlansUseCase {

    private final PlanStore plans;

    public PlanService(PlanStore plans) {
        this.plans = plans;
    }

    @Override
    public Plan create(CreatePlanCommand command) {
        if (Plan.builtIn(command.name()).isPresent()) {
            throw new ConflictException("Plan '" + command.name() + "' is built in and cannot be redefined");
        }
        Plan plan = command.plan();
        plans.insert(plan);
        return plan;
    }

    @Override
    public List<Plan> list() {
        List<Plan> all = new ArrayList<>(Plan.builtIns());
        all.addAll(plans.list());
        return all;
    }

    @Override
    public Plan get(String name) {
        return find(plans, name).orElseThrow(() -> new NotFoundException("Plan '" + name + "' not found"));
    }

    /** The built-in or stored plan of that name. */
    static Optional<Plan> find(PlanStore plans, String name) {
        return Plan.builtIn(name).or(() -> plans.find(name));
    }
}

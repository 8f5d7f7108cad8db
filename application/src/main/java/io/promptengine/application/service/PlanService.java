package io.promptengine.application.service;

import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.ManagePlansUseCase;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.ratelimit.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans: the built-in ones come from the domain and cannot be redefined; operators add others to the store. */
public final class PlanService implements ManagePlansUseCase {

    private final PlanStore plans;
    private final AuditTrail audit;

    public PlanService(PlanStore plans, AuditTrail audit) {
        this.plans = plans;
        this.audit = audit;
    }

    @Override
    public Plan create(Operator operator, CreatePlanCommand command) {
        if (Plan.builtIn(command.name()).isPresent()) {
            throw new ConflictException("Plan '" + command.name() + "' is built in and cannot be redefined");
        }
        Plan plan = command.plan();
        plans.insert(plan, Optional.of(audit.byOperator(operator, Optional.empty(), AuditAction.PLAN_CREATED,
                plan.name(), new Changes()
                        .created("requests_per_minute", String.valueOf(plan.policy().requestsPerMinute()))
                        .created("tokens_per_minute", Changes.text(plan.policy().tokensPerMinute()))
                        .created("monthly_token_quota", Changes.text(plan.policy().monthlyTokenQuota())))));
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

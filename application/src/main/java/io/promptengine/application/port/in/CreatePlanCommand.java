package io.promptengine.application.port.in;

import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.util.Objects;

/** An operator defines a plan; the built-in names are taken. */
public record CreatePlanCommand(String name, RateLimitPolicy policy) {

    public CreatePlanCommand {
        Plan.requireName(name);
        Objects.requireNonNull(policy, "policy");
    }

    public Plan plan() {
        return Plan.custom(name, policy);
    }
}

package io.promptengine.application.port.out;

import io.promptengine.domain.ratelimit.Plan;
import java.util.Optional;

/** The plans tenants subscribe to, by name: the built-in ones and any an operator defined. */
public interface PlanStore {

    Optional<Plan> find(String name);
}

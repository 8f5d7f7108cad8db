package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator moves a tenant to another plan, deactivates or reactivates it. Deactivation is immediate: the
 * tenant's keys are refused (403) from the next request on.
 *
 * @param tenant the tenant's id or slug
 */
public record UpdateTenantCommand(String tenant, Optional<String> plan, Optional<Boolean> active) {

    public UpdateTenantCommand {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(active, "active");
        if (plan.isEmpty() && active.isEmpty()) {
            throw new InvalidInputException("Set 'plan', 'active' or both");
        }
        if (plan.isPresent() && plan.get().isBlank()) {
            throw new InvalidInputException("plan", "Field 'plan' must not be empty");
        }
    }
}

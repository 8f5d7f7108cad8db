package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.tenant.Tenant;

/** An operator creates a tenant on a plan, which must exist. */
public record CreateTenantCommand(String slug, String name, String plan) {

    public CreateTenantCommand {
        Tenant.requireSlug(slug);
        if (name == null || name.isBlank()) {
            throw InvalidInputException.required("name");
        }
        if (plan == null || plan.isBlank()) {
            throw InvalidInputException.required("plan");
        }
    }
}

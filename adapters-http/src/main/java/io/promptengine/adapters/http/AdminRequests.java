package io.promptengine.adapters.http;

import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The bodies of the operator's routes, read strictly (see {@link RequestFields}) into the core's commands. */
final class AdminRequests {

    static final Set<String> CREATE_TENANT_FIELDS = Set.of("slug", "name", "plan");
    static final Set<String> UPDATE_TENANT_FIELDS = Set.of("plan", "active");
    static final Set<String> CREATE_PLAN_FIELDS = Set.of("name", "requests_per_minute", "tokens_per_minute",
            "monthly_token_quota");

    private AdminRequests() {
    }

    /** {@code {slug, name, plan?}}; the plan defaults to the free one. */
    static CreateTenantCommand createTenant(JsonNode body) {
        RequestFields.refuseUnknown(body, CREATE_TENANT_FIELDS, "slug, name, plan");
        return new CreateTenantCommand(RequestFields.requiredString(body, "slug"),
                RequestFields.requiredString(body, "name"),
                RequestFields.optionalString(body, "plan").orElse(Plan.FREE.name()));
    }

    /** {@code {plan?, active?}}, at least one of them. */
    static UpdateTenantCommand updateTenant(String tenant, JsonNode body) {
        RequestFields.refuseUnknown(body, UPDATE_TENANT_FIELDS, "plan, active");
        return new UpdateTenantCommand(tenant, RequestFields.optionalString(body, "plan"),
                RequestFields.optionalBoolean(body, "active"));
    }

    /** {@code {name, requests_per_minute, tokens_per_minute?, monthly_token_quota?}}. */
    static CreatePlanCommand createPlan(JsonNode body) {
        RequestFields.refuseUnknown(body, CREATE_PLAN_FIELDS,
                "name, requests_per_minute, tokens_per_minute, monthly_token_quota");
        String name = RequestFields.requiredString(body, "name");
        int requestsPerMinute = RequestFields.optionalInteger(body, "requests_per_minute")
                .orElseThrow(() -> InvalidInputException.required("requests_per_minute"));
        return new CreatePlanCommand(name, new RateLimitPolicy(requestsPerMinute,
                RequestFields.optionalLong(body, "tokens_per_minute"),
                RequestFields.optionalLong(body, "monthly_token_quota")));
    }
}

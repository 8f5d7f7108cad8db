package io.promptengine.adapters.http;

import io.promptengine.application.port.in.TenantList;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.Tenant;
import java.util.List;
import java.util.OptionalLong;

/** The JSON shapes of tenants and plans on the operator's routes; written by {@link Json} in snake_case. */
final class AdminBodies {

    private AdminBodies() {
    }

    record TenantBody(String id, String slug, String name, String plan, boolean active, String createdAt) {
        static TenantBody of(Tenant tenant) {
            return new TenantBody(tenant.id().value(), tenant.slug(), tenant.name(), tenant.plan(), tenant.active(),
                    ExecutionBodies.time(tenant.createdAt()));
        }
    }

    /** A page of tenants in slug order. */
    record TenantListBody(List<TenantBody> data, boolean hasMore, String nextCursor) {
        static TenantListBody of(TenantList page) {
            return new TenantListBody(page.items().stream().map(TenantBody::of).toList(),
                    page.nextCursor().isPresent(), page.nextCursor().orElse(null));
        }
    }

    record PlanBody(String name, int requestsPerMinute, Long tokensPerMinute, Long monthlyTokenQuota,
            boolean builtIn) {
        static PlanBody of(Plan plan) {
            return new PlanBody(plan.name(), plan.policy().requestsPerMinute(),
                    boxed(plan.policy().tokensPerMinute()), boxed(plan.policy().monthlyTokenQuota()), plan.builtIn());
        }
    }

    record PlanListBody(List<PlanBody> data) {
        static PlanListBody of(List<Plan> plans) {
            return new PlanListBody(plans.stream().map(PlanBody::of).toList());
        }
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}

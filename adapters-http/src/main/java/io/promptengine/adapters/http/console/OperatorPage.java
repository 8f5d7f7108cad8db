package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.domain.ratelimit.Plan;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The operator's page: a page of tenants (and whether it is not the first), the plans, and the two forms that make
 * one of each, with what was typed and why it was refused.
 */
record OperatorPage(Frame frame, TenantList tenants, boolean paged, List<Plan> plans, TenantForm tenantForm,
        FormErrors tenantErrors, PlanForm planForm, FormErrors planErrors) {

    OperatorPage {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(tenants, "tenants");
        plans = List.copyOf(plans);
        Objects.requireNonNull(tenantForm, "tenantForm");
        Objects.requireNonNull(tenantErrors, "tenantErrors");
        Objects.requireNonNull(planForm, "planForm");
        Objects.requireNonNull(planErrors, "planErrors");
    }

    record TenantForm(String slug, String name, String plan) {

        static final TenantForm EMPTY = new TenantForm("", "", Plan.FREE.name());

        static TenantForm read(Context ctx) {
            return new TenantForm(Forms.text(ctx, "slug").strip(), Forms.text(ctx, "name").strip(),
                    Forms.text(ctx, "plan").strip());
        }
    }

    record PlanForm(String name, String requestsPerMinute, String tokensPerMinute, String monthlyTokenQuota) {

        static final PlanForm EMPTY = new PlanForm("", "", "", "");

        static PlanForm read(Context ctx) {
            return new PlanForm(Forms.text(ctx, "name").strip(), Forms.text(ctx, "requests_per_minute").strip(),
                    Forms.text(ctx, "tokens_per_minute").strip(), Forms.text(ctx, "monthly_token_quota").strip());
        }
    }

    /** The line above the page after a change: {@code created:acme} reads "Tenant acme created". */
    static String notice(String done) {
        int colon = done.indexOf(':');
        String what = colon < 0 ? "" : done.substring(0, colon);
        String name = done.substring(colon + 1);
        return switch (what) {
            case "created" -> "Tenant " + name + " created";
            case "deactivated" -> "Tenant " + name + " deactivated: its keys are refused from now on";
            case "reactivated" -> "Tenant " + name + " reactivated";
            case "plan" -> "Plan " + name + " created";
            default -> "Done";
        };
    }

    static String limit(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "none";
    }
}

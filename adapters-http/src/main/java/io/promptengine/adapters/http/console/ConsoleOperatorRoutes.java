package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.ManagePlansUseCase;
import io.promptengine.application.port.in.ManageTenantsUseCase;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.tenant.Tenant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's page at {@code /console/operator}, for the operator key's session only (a tenant's is told there is
 * no such page): tenants in slug order, in cursor pages, made, deactivated and reactivated; plans listed and made.
 * Each form is read by the reader of the matching {@code /v1/admin} body, and each change is in the audit trail
 * with the operator as its actor, as over the API.
 */
final class ConsoleOperatorRoutes {

    static final String PATH = "/console/operator";

    private final Pages pages;
    private final ManageTenantsUseCase tenants;
    private final ManagePlansUseCase plans;
    private final ConsoleSupport support;

    ConsoleOperatorRoutes(Pages pages, ManageTenantsUseCase tenants, ManagePlansUseCase plans,
            ConsoleSupport support) {
        this.pages = pages;
        this.tenants = tenants;
        this.plans = plans;
        this.support = support;
    }

    void register(ConsoleRouter router) {
        router.get(PATH, Access.OPERATOR, this::page);
        router.post(PATH + "/tenants", Access.OPERATOR, this::createTenant);
        router.post(PATH + "/tenants/{tenant}/active", Access.OPERATOR, this::setActive);
        router.post(PATH + "/plans", Access.OPERATOR, this::createPlan);
    }

    private void page(Context ctx, Visitor visitor) {
        Optional<String> notice = Optional.ofNullable(ctx.queryParam("done"))
                .filter(text -> text.matches("(created|deactivated|reactivated|plan):[A-Za-z0-9._-]{1,100}"))
                .map(OperatorPage::notice);
        render(ctx, 200, visitor, notice, OperatorPage.TenantForm.EMPTY, FormErrors.NONE,
                OperatorPage.PlanForm.EMPTY, FormErrors.NONE);
    }

    private void createTenant(Context ctx, Visitor visitor) {
        OperatorPage.TenantForm form = OperatorPage.TenantForm.read(ctx);
        ObjectNode body = support.object();
        body.put("slug", form.slug());
        body.put("name", form.name());
        if (!form.plan().isEmpty()) {
            body.put("plan", form.plan());
        }
        Tenant created;
        try {
            created = tenants.create(visitor.operator(), support.createTenant(body));
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            render(ctx, ConsoleErrors.status(refusal), visitor, Optional.empty(), form, FormErrors.of(refusal),
                    OperatorPage.PlanForm.EMPTY, FormErrors.NONE);
            return;
        }
        ctx.redirect(PATH + "?done=created:" + created.slug(), HttpStatus.SEE_OTHER);
    }

    private void setActive(Context ctx, Visitor visitor) {
        String active = Forms.text(ctx, "active").strip();
        if (!active.equals("true") && !active.equals("false")) {
            throw new InvalidInputException("active", "Field 'active' must be true or false");
        }
        ObjectNode body = support.object();
        body.put("active", Boolean.parseBoolean(active));
        Tenant changed = tenants.update(visitor.operator(), support.updateTenant(ctx.pathParam("tenant"), body));
        ctx.redirect(PATH + "?done=" + (changed.active() ? "reactivated:" : "deactivated:") + changed.slug(),
                HttpStatus.SEE_OTHER);
    }

    private void createPlan(Context ctx, Visitor visitor) {
        OperatorPage.PlanForm form = OperatorPage.PlanForm.read(ctx);
        ObjectNode body = support.object();
        body.put("name", form.name());
        Forms.putInteger(body, "requests_per_minute", form.requestsPerMinute());
        Forms.putInteger(body, "tokens_per_minute", form.tokensPerMinute());
        Forms.putInteger(body, "monthly_token_quota", form.monthlyTokenQuota());
        try {
            plans.create(visitor.operator(), support.createPlan(body));
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            render(ctx, ConsoleErrors.status(refusal), visitor, Optional.empty(), OperatorPage.TenantForm.EMPTY,
                    FormErrors.NONE, form, FormErrors.of(refusal));
            return;
        }
        ctx.redirect(PATH + "?done=plan:" + form.name(), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, Visitor visitor, Optional<String> notice,
            OperatorPage.TenantForm tenantForm, FormErrors tenantErrors, OperatorPage.PlanForm planForm,
            FormErrors planErrors) {
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(text -> !text.isBlank());
        TenantList page = tenants.list(new ListTenantsQuery(cursor, ListTenantsQuery.DEFAULT_LIMIT));
        pages.render(ctx, status, "operator", new OperatorPage(visitor.frame("Operator", Nav.OPERATOR)
                .withNotice(notice), page, cursor.isPresent(), plans.list(), tenantForm, tenantErrors, planForm,
                planErrors));
    }
}

package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.ManagePlansUseCase;
import io.promptengine.application.port.in.ManageTenantsUseCase;
import io.promptengine.application.port.in.Operator;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.Tenant;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's API under {@code /v1/admin}: tenants, their first keys, and plans. Every route needs the operator
 * key; a tenant's key is refused with 403, no key or an unknown one with 401.
 */
final class AdminRoutes {

    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor");

    private final AuthenticateOperatorUseCase authenticateOperator;
    private final ManageTenantsUseCase tenants;
    private final ManagePlansUseCase plans;
    private final JsonBody body;
    private final Json json;

    AdminRoutes(AuthenticateOperatorUseCase authenticateOperator, ManageTenantsUseCase tenants,
            ManagePlansUseCase plans, JsonBody body, Json json) {
        this.authenticateOperator = authenticateOperator;
        this.tenants = tenants;
        this.plans = plans;
        this.body = body;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/admin/tenants", this::createTenant);
        routes.get("/v1/admin/tenants", this::listTenants);
        routes.get("/v1/admin/tenants/{tenant}", this::getTenant);
        routes.patch("/v1/admin/tenants/{tenant}", this::updateTenant);
        routes.post("/v1/admin/tenants/{tenant}/api-keys", this::issueApiKey);
        routes.post("/v1/admin/plans", this::createPlan);
        routes.get("/v1/admin/plans", this::listPlans);
        routes.get("/v1/admin/plans/{name}", this::getPlan);
    }

    private void createTenant(Context ctx) throws IOException {
        Operator operator = operator(ctx);
        Tenant tenant = tenants.create(operator, AdminRequests.createTenant(body.readObject(ctx)));
        ctx.header("Location", BasePath.of(ctx).under("/v1/admin/tenants/" + tenant.id().value()));
        json.respond(ctx, 201, AdminBodies.TenantBody.of(tenant));
    }

    private void listTenants(Context ctx) {
        operator(ctx);
        Map<String, List<String>> parameters = QueryString.parameters(ctx);
        ListParameters.requireKnown(parameters, LIST_PARAMETERS, "limit, cursor");
        int limit = ListParameters.value(parameters, "limit")
                .map(text -> ListParameters.limit(text, ListTenantsQuery.MAX_LIMIT))
                .orElse(ListTenantsQuery.DEFAULT_LIMIT);
        Optional<String> cursor = ListParameters.value(parameters, "cursor");
        json.respond(ctx, 200, AdminBodies.TenantListBody.of(tenants.list(new ListTenantsQuery(cursor, limit))));
    }

    private void getTenant(Context ctx) {
        operator(ctx);
        json.respond(ctx, 200, AdminBodies.TenantBody.of(tenants.get(ctx.pathParam("tenant"))));
    }

    private void updateTenant(Context ctx) throws IOException {
        Operator operator = operator(ctx);
        Tenant tenant = tenants.update(operator,
                AdminRequests.updateTenant(ctx.pathParam("tenant"), body.readObject(ctx)));
        json.respond(ctx, 200, AdminBodies.TenantBody.of(tenant));
    }

    private void issueApiKey(Context ctx) throws IOException {
        Operator operator = operator(ctx);
        IssuedApiKey issued = tenants.issueApiKey(operator, ctx.pathParam("tenant"),
                ApiKeyRequests.newApiKey(body.readObject(ctx)));
        json.respond(ctx, 201, ApiKeyBodies.CreatedApiKeyBody.of(issued));
    }

    private void createPlan(Context ctx) throws IOException {
        Operator operator = operator(ctx);
        Plan plan = plans.create(operator, AdminRequests.createPlan(body.readObject(ctx)));
        ctx.header("Location", BasePath.of(ctx).under("/v1/admin/plans/" + plan.name()));
        json.respond(ctx, 201, AdminBodies.PlanBody.of(plan));
    }

    private void listPlans(Context ctx) {
        operator(ctx);
        json.respond(ctx, 200, AdminBodies.PlanListBody.of(plans.list()));
    }

    private void getPlan(Context ctx) {
        operator(ctx);
        json.respond(ctx, 200, AdminBodies.PlanBody.of(plans.get(ctx.pathParam("name"))));
    }

    /**
     * Before anything else, so that nobody without the operator key learns whether a body or tenant is valid; the
     * operator acting in this request, for the audit trail.
     */
    private Operator operator(Context ctx) {
        authenticateOperator.authenticateOperator(Credentials.presentedKey(ctx));
        return Operator.overHttp(RequestIds.of(ctx));
    }
}

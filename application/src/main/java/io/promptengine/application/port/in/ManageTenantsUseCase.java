package io.promptengine.application.port.in;

import io.promptengine.domain.tenant.Tenant;

/**
 * The operator's tenant administration, over HTTP ({@code /v1/admin/tenants}, operator key) and the command line
 * (database access). Who may call it is decided at those edges. A tenant is named by its id or its slug. Every
 * change is recorded in the audit trail with the operator as its actor.
 */
public interface ManageTenantsUseCase {

    /** 409 when the slug is taken; 400 naming the plan when there is no such plan. */
    Tenant create(Operator operator, CreateTenantCommand command);

    TenantList list(ListTenantsQuery query);

    /** 404 when there is no such tenant. */
    Tenant get(String tenant);

    Tenant update(Operator operator, UpdateTenantCommand command);

    /** Gives the tenant a key, such as its first one; the secret is in the answer and nowhere else. */
    IssuedApiKey issueApiKey(Operator operator, String tenant, NewApiKey key);
}

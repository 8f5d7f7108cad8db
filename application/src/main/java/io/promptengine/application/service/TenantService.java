package io.promptengine.application.service;

import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.ManageTenantsUseCase;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The operator's side of tenants: create on a plan, list, read, change plan, deactivate and reactivate. */
public final class TenantService implements ManageTenantsUseCase {

    private static final String ID_PREFIX = "ten_";
    private static final int MAX_REFERENCE_LENGTH = 64;

    private final TenantStore tenants;
    private final PlanStore plans;
    private final IdGenerator ids;
    private final Clock clock;
    private final KeyIssuer issuer;
    private final AuditTrail audit;

    public TenantService(TenantStore tenants, PlanStore plans, KeyIssuer issuer, IdGenerator ids, Clock clock,
            AuditTrail audit) {
        this.tenants = tenants;
        this.plans = plans;
        this.ids = ids;
        this.clock = clock;
        this.issuer = issuer;
        this.audit = audit;
    }

    @Override
    public Tenant create(Operator operator, CreateTenantCommand command) {
        requirePlan(command.plan());
        Tenant tenant = new Tenant(ids.tenantId(), command.slug(), command.name(), command.plan(), true, clock.now());
        tenants.insert(tenant, Optional.of(audit.byOperator(operator, Optional.of(tenant.id()),
                AuditAction.TENANT_CREATED, tenant.id().value(), new Changes().created("slug", tenant.slug())
                        .created("name", tenant.name())
                        .created("plan", tenant.plan())
                        .created("active", String.valueOf(tenant.active())))));
        return tenant;
    }

    @Override
    public TenantList list(ListTenantsQuery query) {
        List<Tenant> page = tenants.list(query.cursor().map(TenantService::decodeCursor), query.limit() + 1);
        if (page.size() <= query.limit()) {
            return new TenantList(page, Optional.empty());
        }
        List<Tenant> items = page.subList(0, query.limit());
        return new TenantList(items, Optional.of(encodeCursor(items.get(items.size() - 1).slug())));
    }

    @Override
    public Tenant get(String tenant) {
        return find(tenant).orElseThrow(() -> new NotFoundException("Tenant '" + tenant + "' not found"));
    }

    @Override
    public Tenant update(Operator operator, UpdateTenantCommand command) {
        Tenant current = get(command.tenant());
        Tenant updated = current;
        if (command.plan().isPresent()) {
            requirePlan(command.plan().get());
            updated = updated.withPlan(command.plan().get());
        }
        if (command.active().isPresent()) {
            updated = command.active().get() ? updated.activated() : updated.deactivated();
        }
        if (!updated.equals(current)) {
            tenants.update(updated, Optional.of(audit.byOperator(operator, Optional.of(updated.id()),
                    action(current, updated), updated.id().value(), new Changes()
                            .changed("plan", current.plan(), updated.plan())
                            .changed("active", String.valueOf(current.active()), String.valueOf(updated.active())))));
        }
        return updated;
    }

    @Override
    public IssuedApiKey issueApiKey(Operator operator, String tenant, NewApiKey key) {
        TenantId id = get(tenant).id();
        return issuer.issue(id, key, (issued, changes) -> audit.byOperator(operator, Optional.of(id),
                AuditAction.API_KEY_CREATED, issued.id().value(), changes));
    }

    /** A change of plan is an update; a change of the active flag alone, a deactivation or a reactivation. */
    private static AuditAction action(Tenant current, Tenant updated) {
        if (!current.plan().equals(updated.plan())) {
            return AuditAction.TENANT_UPDATED;
        }
        return updated.active() ? AuditAction.TENANT_REACTIVATED : AuditAction.TENANT_DEACTIVATED;
    }

    /** By id ({@code ten_…}) or by slug; a slug never holds the id's underscore, so the two cannot be confused. */
    private Optional<Tenant> find(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > MAX_REFERENCE_LENGTH) {
            return Optional.empty();
        }
        return reference.startsWith(ID_PREFIX) ? tenants.find(new TenantId(reference))
                : tenants.findBySlug(reference);
    }

    private void requirePlan(String plan) {
        if (PlanService.find(plans, plan).isEmpty()) {
            throw new InvalidInputException("plan", "Unknown plan '" + plan + "'");
        }
    }

    private static String encodeCursor(String slug) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(slug.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String slug = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Tenant.requireSlug(slug);
            return slug;
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "Field 'cursor' is not a cursor returned by this API");
        }
    }
}

package io.promptengine.adapters.http;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryOperatorKeyStore;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.AuditEventList;
import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListAuditEventsQuery;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.ManageApiKeysUseCase;
import io.promptengine.application.port.in.ManagePlansUseCase;
import io.promptengine.application.port.in.ManageTenantsUseCase;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.ReadAuditEventsUseCase;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.application.service.ApiKeyService;
import io.promptengine.application.service.AuditEventService;
import io.promptengine.application.service.AuditTrail;
import io.promptengine.application.service.KeyIssuer;
import io.promptengine.application.service.OperatorKeyService;
import io.promptengine.application.service.PlanService;
import io.promptengine.application.service.TenantService;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The real management services on in-memory stores, rebuilt from scratch by {@link #reset}. The operator key is
 * {@link #OPERATOR_KEY}; the test tenant key ({@link FakeAuthentication#KEY}) is also stored as ACME's key, so
 * that the operator routes recognise it as a tenant's.
 */
final class Management implements AuthenticateOperatorUseCase, ManageTenantsUseCase, ManageApiKeysUseCase {

    static final String OPERATOR_KEY = "pe_admin_route_test_operator_key";

    /** One generation of services and the stores behind them. */
    record Wiring(InMemoryTenantStore tenants, InMemoryApiKeyStore keys, OperatorKeyService operator,
            TenantService tenantService, PlanService planService, ApiKeyService apiKeyService,
            InMemoryAuditEventStore audit, AuditEventService auditEventService) {
    }

    private volatile Wiring wiring = wire();
    /** The plan routes' use case; its methods share names with the tenant ones, so it is an object of its own. */
    final ManagePlansUseCase plans = new ManagePlansUseCase() {
        @Override
        public Plan create(Operator operator, CreatePlanCommand command) {
            return wiring.planService().create(operator, command);
        }

        @Override
        public List<Plan> list() {
            return wiring.planService().list();
        }

        @Override
        public Plan get(String name) {
            return wiring.planService().get(name);
        }
    };

    /** The audit trail routes' use case, over the same stores. */
    final ReadAuditEventsUseCase auditEvents = new ReadAuditEventsUseCase() {
        @Override
        public AuditEventList list(Caller caller, ListAuditEventsQuery query) {
            return wiring.auditEventService().list(caller, query);
        }

        @Override
        public AuditEventList list(Operator operator, ListAuditEventsQuery query) {
            return wiring.auditEventService().list(operator, query);
        }
    };

    void reset() {
        wiring = wire();
    }

    Wiring wiring() {
        return wiring;
    }

    private static Wiring wire() {
        FakeClock clock = new FakeClock();
        SequentialIdGenerator ids = new SequentialIdGenerator();
        SecureRandom random = new SecureRandom();
        InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
        InMemoryTenantStore tenants = new InMemoryTenantStore(audit);
        InMemoryApiKeyStore keys = new InMemoryApiKeyStore(audit);
        InMemoryPlanStore plans = new InMemoryPlanStore(audit);
        keys.insert(ApiKey.issue(Executions.ACME.apiKeyId(), Executions.ACME.tenantId(), "test",
                ApiKeySecret.of(FakeAuthentication.KEY), EnumSet.allOf(Scope.class), clock.now(), Optional.empty()));
        AuditTrail trail = new AuditTrail(ids, clock);
        OperatorKeyService operator = new OperatorKeyService(new InMemoryOperatorKeyStore(audit), keys, clock, random,
                trail);
        operator.provisionOperatorKey(Optional.of(OPERATOR_KEY));
        KeyIssuer issuer = new KeyIssuer(keys, ids, clock, random);
        return new Wiring(tenants, keys, operator, new TenantService(tenants, plans, issuer, ids, clock, trail),
                new PlanService(plans, trail), new ApiKeyService(keys, issuer, trail, clock), audit,
                new AuditEventService(audit));
    }

    @Override
    public void authenticateOperator(String presentedSecret) {
        wiring.operator().authenticateOperator(presentedSecret);
    }

    @Override
    public boolean isOperatorKey(String presentedSecret) {
        return wiring.operator().isOperatorKey(presentedSecret);
    }

    @Override
    public String operatorKeyFingerprint() {
        return wiring.operator().operatorKeyFingerprint();
    }

    @Override
    public Tenant create(Operator operator, CreateTenantCommand command) {
        return wiring.tenantService().create(operator, command);
    }

    @Override
    public TenantList list(ListTenantsQuery query) {
        return wiring.tenantService().list(query);
    }

    @Override
    public Tenant get(String tenant) {
        return wiring.tenantService().get(tenant);
    }

    @Override
    public Tenant update(Operator operator, UpdateTenantCommand command) {
        return wiring.tenantService().update(operator, command);
    }

    @Override
    public IssuedApiKey issueApiKey(Operator operator, String tenant, NewApiKey key) {
        return wiring.tenantService().issueApiKey(operator, tenant, key);
    }

    @Override
    public IssuedApiKey create(Caller caller, NewApiKey key) {
        return wiring.apiKeyService().create(caller, key);
    }

    @Override
    public List<ApiKey> list(Caller caller) {
        return wiring.apiKeyService().list(caller);
    }

    @Override
    public ApiKey get(Caller caller, String keyId) {
        return wiring.apiKeyService().get(caller, keyId);
    }

    @Override
    public ApiKey revoke(Caller caller, String keyId) {
        return wiring.apiKeyService().revoke(caller, keyId);
    }

}

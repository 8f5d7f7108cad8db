package io.promptengine.bootstrap;

import io.promptengine.adapters.persistence.Database;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.service.ApiKeyService;
import io.promptengine.application.service.PlanService;
import io.promptengine.application.service.TenantService;
import java.security.SecureRandom;

/** The services behind tenants, plans and keys over one database, wired alike for the server and the command line. */
record ManagementServices(TenantService tenants, PlanService plans, ApiKeyService apiKeys) {

    static ManagementServices over(Database database, Clock clock, IdGenerator ids, SecureRandom random) {
        return new ManagementServices(
                new TenantService(database.tenants(), database.plans(), database.apiKeys(), ids, clock, random),
                new PlanService(database.plans()),
                new ApiKeyService(database.apiKeys(), ids, clock, random));
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.AuditEventStoreContract;

class InMemoryAuditEventStoreTest extends AuditEventStoreContract {

    @Override
    protected Stores newStores() {
        InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
        InMemoryPromptStore prompts = new InMemoryPromptStore(audit);
        return new Stores(audit, new InMemoryTenantStore(audit), new InMemoryPlanStore(audit),
                new InMemoryApiKeyStore(audit), new InMemoryEndpointStore(prompts, audit), prompts);
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.PromptStoreContract;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.tenant.Tenant;

class InMemoryPromptStoreTest extends PromptStoreContract {

    @Override
    protected PromptStore newStore() {
        return new InMemoryPromptStore();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        // The in-memory store keeps no reference to tenants.
    }

    @Override
    protected void givenEndpoint(Endpoint endpoint) {
        // Nor to endpoints.
    }
}

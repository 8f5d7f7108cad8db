package io.promptengine.application.fakes;

import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.EndpointStoreContract;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.domain.tenant.Tenant;

class InMemoryEndpointStoreTest extends EndpointStoreContract {

    private InMemoryPromptStore prompts;

    @Override
    protected EndpointStore newStore() {
        prompts = new InMemoryPromptStore();
        return new InMemoryEndpointStore(prompts);
    }

    @Override
    protected PromptStore prompts() {
        return prompts;
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        // The in-memory store keeps no reference to tenants.
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.ApiKeyStoreContract;
import io.promptengine.domain.tenant.Tenant;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    @Override
    protected ApiKeyStore newStore() {
        return new InMemoryApiKeyStore();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        // The in-memory store keeps no reference to tenants.
    }
}

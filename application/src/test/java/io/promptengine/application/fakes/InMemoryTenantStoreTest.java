package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.application.port.out.TenantStoreContract;

class InMemoryTenantStoreTest extends TenantStoreContract {

    @Override
    protected TenantStore newStore() {
        return new InMemoryTenantStore();
    }
}

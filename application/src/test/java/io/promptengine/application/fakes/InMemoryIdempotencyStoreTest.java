package io.promptengine.application.fakes;

import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.IdempotencyStoreContract;
import io.promptengine.domain.tenant.TenantId;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    @Override
    protected IdempotencyStore newStore() {
        return new InMemoryIdempotencyStore();
    }

    @Override
    protected void givenTenant(TenantId tenant) {
        // the map has no owners to check
    }
}

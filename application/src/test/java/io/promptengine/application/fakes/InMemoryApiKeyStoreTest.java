package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.ApiKeyStoreContract;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    @Override
    protected ApiKeyStore emptyStore() {
        return new InMemoryApiKeyStore();
    }
}

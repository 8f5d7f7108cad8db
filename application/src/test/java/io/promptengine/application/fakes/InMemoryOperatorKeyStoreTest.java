package io.promptengine.application.fakes;

import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.application.port.out.OperatorKeyStoreContract;

class InMemoryOperatorKeyStoreTest extends OperatorKeyStoreContract {

    @Override
    protected OperatorKeyStore newStore() {
        return new InMemoryOperatorKeyStore();
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ExecutionQueueContract;

class InMemoryExecutionQueueTest extends ExecutionQueueContract {

    @Override
    protected Stores newStores() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        return new Stores(store, store);
    }
}

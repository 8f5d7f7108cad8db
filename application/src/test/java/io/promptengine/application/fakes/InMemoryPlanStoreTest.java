package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.PlanStoreContract;

class InMemoryPlanStoreTest extends PlanStoreContract {

    @Override
    protected PlanStore newStore() {
        return new InMemoryPlanStore();
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.InstanceRegistry;
import io.promptengine.application.port.out.InstanceRegistryContract;

class InMemoryInstanceRegistryTest extends InstanceRegistryContract {

    @Override
    protected InstanceRegistry newRegistry() {
        return new InMemoryInstanceRegistry();
    }
}

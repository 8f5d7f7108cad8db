package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * What a start does before it serves: the operator key, the demo tenant and its key, the demo endpoint. Apart from
 * {@link UseCases} because no request calls them.
 */
public record ProvisioningUseCases(
        ProvisionOperatorKeyUseCase operatorKey,
        ProvisionDemoUseCase demo,
        ProvisionDemoEndpointUseCase demoEndpoint) {

    public ProvisioningUseCases {
        Objects.requireNonNull(operatorKey, "operatorKey");
        Objects.requireNonNull(demo, "demo");
        Objects.requireNonNull(demoEndpoint, "demoEndpoint");
    }
}

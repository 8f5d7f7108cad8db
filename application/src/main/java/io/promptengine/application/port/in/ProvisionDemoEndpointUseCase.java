package io.promptengine.application.port.in;

/**
 * Gives the demo tenant the endpoint of the seed's examples, {@code /api/v1/summarize}, with its prompts, so that
 * they work out of the box on the {@code local} provider.
 */
public interface ProvisionDemoEndpointUseCase {

    void provisionDemoEndpoint();
}

package io.promptengine.bootstrap;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.domain.endpoint.Endpoint;
import java.util.List;
import java.util.function.Supplier;

/**
 * The endpoints of the tenant an {@link EngineClient} acts for, managed in process as {@code /v1/endpoints} manages
 * them: the same checks of paths and schemas when saved, the same {@code manage} and {@code read} scopes for a key,
 * the same exceptions (another tenant's endpoint is a {@code NotFoundException}, exactly like a missing one).
 */
public final class EndpointDefinitions {

    private final ManageEndpointsUseCase endpoints;
    private final Supplier<Caller> caller;

    EndpointDefinitions(ManageEndpointsUseCase endpoints, Supplier<Caller> caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    /** A new endpoint; a {@code ConflictException} when the tenant already has one at its path. */
    public Endpoint create(NewEndpoint endpoint) {
        return endpoints.create(caller.get(), endpoint);
    }

    /** The tenant's endpoints, by path. */
    public List<Endpoint> list() {
        return endpoints.list(caller.get());
    }

    public Endpoint get(String endpointId) {
        return endpoints.get(caller.get(), endpointId);
    }

    /** Changes what {@code changes} sets and keeps the rest. */
    public Endpoint update(EndpointChanges changes) {
        return endpoints.update(caller.get(), changes);
    }

    /** Deletes the endpoint with its prompts, their versions and conversations; returns it as it was. */
    public Endpoint delete(String endpointId) {
        return endpoints.delete(caller.get(), endpointId);
    }
}

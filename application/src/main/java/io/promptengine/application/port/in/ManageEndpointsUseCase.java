package io.promptengine.application.port.in;

import io.promptengine.domain.endpoint.Endpoint;
import java.util.List;

/**
 * A tenant manages its endpoints: writes need the {@code manage} scope, reads {@code read} or {@code manage}.
 * Another tenant's endpoint is a 404, exactly like a missing one. Schemas are checked when saved: one that is not a
 * usable JSON Schema is a 400 naming {@code input_schema} or {@code output_schema}, and an input schema that no
 * longer declares a variable one of the endpoint's prompt versions uses is a 400 too.
 */
public interface ManageEndpointsUseCase {

    /** 409 when the tenant already has an endpoint at that path. */
    Endpoint create(Caller caller, NewEndpoint endpoint);

    /** The tenant's endpoints by path. */
    List<Endpoint> list(Caller caller);

    Endpoint get(Caller caller, String endpointId);

    /** The endpoint with an example request body, for its OpenAPI document. */
    DescribedEndpoint describe(Caller caller, String endpointId);

    /** 409 when the new path is taken; 400 when the default prompt is not one of the endpoint's own. */
    Endpoint update(Caller caller, EndpointChanges changes);

    /** Deletes the endpoint with its prompts, their versions and conversations; returns it as it was. */
    Endpoint delete(Caller caller, String endpointId);
}

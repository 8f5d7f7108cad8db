package io.promptengine.application.port.in;

import io.promptengine.domain.endpoint.Endpoint;
import java.util.Objects;

/**
 * An endpoint with what its documentation shows callers beyond it.
 *
 * @param exampleInput a JSON request body that its input schema accepts, as far as the schema adapter can tell
 */
public record DescribedEndpoint(Endpoint endpoint, String exampleInput) {

    public DescribedEndpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(exampleInput, "exampleInput");
    }
}

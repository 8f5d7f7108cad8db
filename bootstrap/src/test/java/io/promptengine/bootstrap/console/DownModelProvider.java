package io.promptengine.bootstrap.console;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.UpstreamException;

/** A provider whose model {@code down/model} always fails as a provider does: the execution is recorded as failed. */
final class DownModelProvider implements ModelProvider {

    static final String MODEL = "down/model";

    @Override
    public String name() {
        return "down";
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        throw new UpstreamException("The model is down for maintenance");
    }
}

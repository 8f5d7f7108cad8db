package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;

/** A provider with a bug: model {@code boom/model} throws an exception no port documents. */
final class BoomModelProvider implements ModelProvider {

    static final String MODEL = "boom/model";
    /** Text that must never reach a client. */
    static final String SECRET_DETAIL = "connection string jdbc:secret@internal";

    @Override
    public String name() {
        return "boom";
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        throw new IllegalStateException(SECRET_DETAIL);
    }
}

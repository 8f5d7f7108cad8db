package io.promptengine.application.port.out;

import java.util.Objects;

/** Finds the provider that serves a model name such as {@code gpt-4o}, {@code claude-sonnet-4} or {@code ollama/llama3.2}. */
public interface ModelRouter {

    Route route(String model);

    /** The outcome of routing a model name. */
    sealed interface Route permits Routed, Unroutable {
    }

    /** {@code provider} serves the model, under the name {@code model} (any {@code provider/} prefix removed). */
    record Routed(ModelProvider provider, String model) implements Route {
        public Routed {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }

    /** No configured provider serves the model; {@code reason} names it and says how to configure one. */
    record Unroutable(String reason) implements Route {
        public Unroutable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

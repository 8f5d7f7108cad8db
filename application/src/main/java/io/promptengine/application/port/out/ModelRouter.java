package io.promptengine.application.port.out;

import java.util.List;
import java.util.Objects;

/** Finds the provider that serves a model name such as {@code gpt-4o}, {@code claude-sonnet-4} or {@code ollama/llama3.2}. */
public interface ModelRouter {

    Route route(String model);

    /** The names of the configured providers, in configuration order: what {@code provider/model} may name. */
    List<String> providerNames();

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

package io.promptengine.application.port.out;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Finds the provider that serves a model name such as {@code gpt-4o}, {@code claude-sonnet-4} or {@code ollama/llama3.2}. */
public interface ModelRouter {

    Route route(String model);

    /** The names of the configured providers, in configuration order: what {@code provider/model} may name. */
    List<String> providerNames();

    /**
     * Every model a configured provider says it serves, as {@code provider/model}, in configuration order: what
     * {@code GET /v1/models} lists. A provider that passes any name on to its server lists none.
     */
    default List<String> models() {
        return List.of();
    }

    /**
     * The outcome of routing a model name. A request routes its model once and keeps the {@link Routed} it got, so
     * that the provider it records is the provider it calls.
     */
    sealed interface Route permits Routed, Unroutable {

        /** The provider that serves the model, or the exception {@code refusal} makes of the reason none does. */
        Routed orElseThrow(Function<String, ? extends RuntimeException> refusal);
    }

    /** {@code provider} serves the model, under the name {@code model} (any {@code provider/} prefix removed). */
    record Routed(ModelProvider provider, String model) implements Route {
        public Routed {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }

        @Override
        public Routed orElseThrow(Function<String, ? extends RuntimeException> refusal) {
            return this;
        }
    }

    /** No configured provider serves the model; {@code reason} names it and says how to configure one. */
    record Unroutable(String reason) implements Route {
        public Unroutable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Routed orElseThrow(Function<String, ? extends RuntimeException> refusal) {
            throw refusal.apply(reason);
        }
    }
}

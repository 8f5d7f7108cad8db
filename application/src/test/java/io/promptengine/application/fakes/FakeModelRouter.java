package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRouter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes the model names a test registered to their providers, and {@code provider/model} to any registered
 * provider by its name, with the prefix stripped. Everything else is {@link Unroutable}. Counts how often each
 * model name was routed, for tests of what decides a route. Thread-safe.
 */
public final class FakeModelRouter implements ModelRouter {

    private final Map<String, ModelProvider> byModel = new LinkedHashMap<>();
    private final Map<String, ModelProvider> byName = new LinkedHashMap<>();
    private final Map<String, Integer> routings = new HashMap<>();

    /** {@code provider} serves each of {@code models} by its bare name, and any model as {@code name/model}. */
    public synchronized FakeModelRouter register(ModelProvider provider, String... models) {
        byName.put(provider.name(), provider);
        for (String model : models) {
            byModel.put(model, provider);
        }
        return this;
    }

    /** Forgets the provider and its models, as a configuration without it would. */
    public synchronized FakeModelRouter unregister(ModelProvider provider) {
        byName.remove(provider.name());
        byModel.values().removeIf(provider::equals);
        return this;
    }

    @Override
    public synchronized List<String> providerNames() {
        return List.copyOf(byName.keySet());
    }

    /** How many times {@link #route} was asked for {@code model}. */
    public synchronized int routings(String model) {
        return routings.getOrDefault(model, 0);
    }

    @Override
    public synchronized Route route(String model) {
        routings.merge(model, 1, Integer::sum);
        int slash = model.indexOf('/');
        if (slash > 0 && slash < model.length() - 1) {
            ModelProvider named = byName.get(model.substring(0, slash));
            if (named != null) {
                return new Routed(named, model.substring(slash + 1));
            }
        }
        ModelProvider provider = byModel.get(model);
        if (provider != null) {
            return new Routed(provider, model);
        }
        return new Unroutable("No provider is configured for model '" + model
                + "'; register one or name it as 'provider/model'");
    }
}

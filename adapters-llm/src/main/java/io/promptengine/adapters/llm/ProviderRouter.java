package io.promptengine.adapters.llm;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRouter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Routes a model name to one of the configured providers.
 *
 * <ul>
 *   <li>{@code provider/model} goes to the provider of that name, as {@code model}: {@code ollama/llama3.2},
 *       {@code openai/gpt-4o}; only the first slash separates, so {@code vllm/meta-llama/Llama-3} works.
 *   <li>{@code gpt-*} and {@code o<digit>*} ({@code o1}, {@code o3-mini}) go to {@code openai}, {@code claude-*}
 *       to {@code anthropic}, {@code echo} and {@code echo-invalid} to {@code local}.
 *   <li>A prefix a providers-file entry claims ({@code llama-}) goes to that provider, before the families.
 *   <li>Anything else, or a family whose provider is not configured, is {@link Unroutable} with a message that
 *       says how to configure one. Messages name providers and models, never a credential.
 * </ul>
 *
 * <p>Runs on every request, so it neither splits strings nor hashes a prefix: it compares in place against
 * the few configured names and allocates only the result (and, for an explicit name, the stripped model).
 */
public final class ProviderRouter implements ModelRouter {

    private static final String OPENAI = "openai";
    private static final String ANTHROPIC = "anthropic";
    private static final String LOCAL = "local";
    private static final String HOW_TO_CONFIGURE = "Set OPENAI_API_KEY (or OPENAI_BASE_URL for an "
            + "OpenAI-compatible server) to serve gpt-* and o* models, ANTHROPIC_API_KEY for claude-* models, "
            + "or name a configured provider explicitly as provider/model.";

    private final ModelProvider[] providers;
    private final String[] names;
    private final Optional<ModelProvider> openAi;
    private final Optional<ModelProvider> anthropic;
    private final Optional<ModelProvider> local;
    private final String configured;
    /** Model-name prefixes claimed by providers of the providers file, longest first, and their providers. */
    private final String[] prefixes;
    private final ModelProvider[] prefixed;

    /** @param providers the configured providers, each under a distinct name without a slash; listed in this order */
    public ProviderRouter(List<ModelProvider> providers) {
        this(providers, Map.of());
    }

    /**
     * @param providers the configured providers, each under a distinct name without a slash; listed in this order
     * @param modelPrefixes bare model names starting with a key go to the provider it names (the longest key wins),
     *     before the families above
     */
    public ProviderRouter(List<ModelProvider> providers, Map<String, String> modelPrefixes) {
        this.providers = providers.toArray(ModelProvider[]::new);
        this.names = new String[this.providers.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = Objects.requireNonNull(this.providers[i].name(), "provider name");
            if (name.isBlank() || name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("a provider name is not blank and has no slash: '" + name + "'");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two providers are named '" + name + "'");
            }
            names[i] = name;
        }
        this.openAi = named(OPENAI);
        this.anthropic = named(ANTHROPIC);
        this.local = named(LOCAL);
        this.configured = describe(this.providers);
        List<Map.Entry<String, String>> claimed = modelPrefixes.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
        this.prefixes = new String[claimed.size()];
        this.prefixed = new ModelProvider[claimed.size()];
        for (int i = 0; i < prefixes.length; i++) {
            String provider = claimed.get(i).getValue();
            prefixes[i] = claimed.get(i).getKey();
            prefixed[i] = named(provider).orElseThrow(() -> new IllegalArgumentException(
                    "model prefixes name provider '" + provider + "', which is not configured"));
        }
    }

    @Override
    public Route route(String model) {
        Objects.requireNonNull(model, "model");
        int slash = model.indexOf('/');
        return slash >= 0 ? explicit(model, slash) : byFamily(model);
    }

    @Override
    public List<String> providerNames() {
        return List.of(names);
    }

    @Override
    public List<String> models() {
        List<String> models = new java.util.ArrayList<>();
        for (ModelProvider provider : providers) {
            provider.models().forEach(model -> models.add(provider.name() + "/" + model));
        }
        return List.copyOf(models);
    }

    private Route explicit(String model, int slash) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == slash && model.startsWith(names[i])) {
                if (slash == model.length() - 1) {
                    return new Unroutable("Model '" + model + "' names provider '" + names[i]
                            + "' but no model after the slash.");
                }
                return new Routed(providers[i], model.substring(slash + 1));
            }
        }
        return new Unroutable("No provider named '" + model.substring(0, slash) + "' is configured (model '"
                + model + "'). Name one of the configured providers as provider/model." + configured);
    }

    private Route byFamily(String model) {
        for (int i = 0; i < prefixes.length; i++) {
            if (model.startsWith(prefixes[i])) {
                return new Routed(prefixed[i], model);
            }
        }
        Optional<ModelProvider> provider = model.startsWith("gpt-") || isOSeries(model) ? openAi
                : model.startsWith("claude-") ? anthropic
                : model.equals("echo") || model.equals("echo-invalid") ? local
                : Optional.empty();
        if (provider.isPresent()) {
            return new Routed(provider.get(), model);
        }
        return new Unroutable("No provider is configured for model '" + model + "'. " + HOW_TO_CONFIGURE + configured);
    }

    /** OpenAI's reasoning models: {@code o1}, {@code o3-mini}, {@code o4-mini}; not {@code omni} nor {@code ollama}. */
    private static boolean isOSeries(String model) {
        return model.length() >= 2 && model.charAt(0) == 'o' && model.charAt(1) >= '0' && model.charAt(1) <= '9';
    }

    private Optional<ModelProvider> named(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return Optional.of(providers[i]);
            }
        }
        return Optional.empty();
    }

    /** {@code " Configured providers: local (models: echo, echo-invalid), openai."}, built once. */
    private static String describe(ModelProvider[] providers) {
        if (providers.length == 0) {
            return " Configured providers: none.";
        }
        StringBuilder text = new StringBuilder(" Configured providers: ");
        for (int i = 0; i < providers.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(providers[i].name());
            List<String> models = providers[i].models();
            if (!models.isEmpty()) {
                text.append(" (models: ").append(String.join(", ", models)).append(')');
            }
        }
        return text.append('.').toString();
    }
}

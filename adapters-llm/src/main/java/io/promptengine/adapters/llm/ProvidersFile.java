package io.promptengine.adapters.llm;

import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.PriceList.Price;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers file ({@code PE_PROVIDERS_FILE}): more named providers than the environment variables give.
 * <pre>{"providers": [{"name": "groq", "kind": "openai", "base_url": "https://api.groq.com/openai",
 *   "api_key_env": "GROQ_API_KEY", "model_prefixes": ["llama-"],
 *   "prices": {"llama-3.3-70b-versatile": {"input_per_million": 0.59, "output_per_million": 0.79}}}]}</pre>
 * {@code kind} is {@code openai} (any OpenAI-compatible server), {@code azure} or {@code anthropic}. A key is
 * never written in the file: {@code api_key_env} names the environment variable that holds it, which must then be
 * set. Everything is checked when read; a mistake is an {@link IllegalArgumentException} naming the file, the
 * entry's line and the field.
 */
public final class ProvidersFile {

    /** Names the environment variables configure, or that mean something already. */
    private static final Set<String> RESERVED = Set.of("local", "openai", "anthropic", "ollama", "azure");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> FIELDS = Set.of("name", "kind", "base_url", "api_key_env", "api_version",
            "model_prefixes", "prices");
    private static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProvidersFile() {
    }

    /** The kinds of server an entry may name. */
    public enum Kind {
        OPENAI, AZURE, ANTHROPIC
    }

    /**
     * One provider of the file.
     *
     * @param apiKey the value of its {@code api_key_env}; never printed by {@link #toString()}
     * @param modelPrefixes bare model names starting with one of these route to it
     * @param prices per model name at this provider
     */
    public record Entry(String name, Kind kind, URI baseUrl, Optional<String> apiKey, Optional<String> apiVersion,
            List<String> modelPrefixes, Map<String, Price> prices) {

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(apiVersion, "apiVersion");
            modelPrefixes = List.copyOf(modelPrefixes);
            prices = Map.copyOf(prices);
        }

        /** The adapter this entry describes. */
        public ModelProvider provider(Clock clock) {
            return switch (kind) {
                case OPENAI -> OpenAiModelProvider.compatible(name, baseUrl, apiKey, clock);
                case AZURE -> OpenAiModelProvider.azure(name, baseUrl, apiVersion.orElse(DEFAULT_AZURE_API_VERSION),
                        apiKey.orElseThrow(), clock);
                case ANTHROPIC -> new AnthropicModelProvider(name, baseUrl, apiKey.orElseThrow(), clock);
            };
        }

        @Override
        public String toString() {
            return "Entry[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey.isPresent() ? "(set)" : "(unset)") + ", apiVersion=" + apiVersion.orElse("")
                    + ", modelPrefixes=" + modelPrefixes + ", prices=" + prices.keySet() + "]";
        }
    }

    /**
     * The entries of {@code file}, in order.
     *
     * @param environment where {@code api_key_env} variables are looked up
     */
    public static List<Entry> read(Path file, Function<String, Optional<String>> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the providers file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        List<Integer> lines;
        try {
            root = JSON.readTree(text);
            lines = entryLines(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The providers file " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), e);
        }
        if (root == null || !root.isObject() || !root.path("providers").isArray() || root.size() != 1) {
            throw new IllegalArgumentException("The providers file " + file
                    + " must be a JSON object with one field, \"providers\": an array of providers");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> prefixes = new HashMap<>();
        JsonNode array = root.path("providers");
        for (int i = 0; i < array.size(); i++) {
            Where where = new Where(file, i, i < lines.size() ? lines.get(i) : 0);
            Entry entry = entry(array.get(i), where, environment);
            if (!names.add(entry.name())) {
                throw where.wrong("name", "'" + entry.name() + "' names two providers");
            }
            for (String prefix : entry.modelPrefixes()) {
                String other = prefixes.putIfAbsent(prefix, entry.name());
                if (other != null) {
                    throw where.wrong("model_prefixes", "'" + prefix + "' is also a prefix of provider '" + other + "'");
                }
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    /** Where an entry is, for messages. */
    private record Where(Path file, int index, int line) {
        IllegalArgumentException wrong(String field, String problem) {
            return new IllegalArgumentException("The providers file " + file + (line > 0 ? ", line " + line : "")
                    + ": providers[" + index + "]." + field + ": " + problem);
        }
    }

    private static Entry entry(JsonNode node, Where where, Function<String, Optional<String>> environment) {
        if (!node.isObject()) {
            throw where.wrong("", "each provider is a JSON object");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw where.wrong(field, "unknown field; the fields are " + String.join(", ", List.of("name",
                        "kind", "base_url", "api_key_env", "api_version", "model_prefixes", "prices")));
            }
        }
        String name = text(node, "name", where).orElseThrow(() -> where.wrong("name", "required"));
        if (!NAME.matcher(name).matches()) {
            throw where.wrong("name", "'" + name + "' must be 1 to 32 lower-case letters, digits, '.', '_' or '-'");
        }
        if (RESERVED.contains(name)) {
            throw where.wrong("name", "'" + name + "' is reserved for the provider the environment variables "
                    + "configure; choose another name");
        }
        Kind kind = kind(text(node, "kind", where).orElseThrow(() -> where.wrong("kind", "required")), where);
        URI baseUrl = url(text(node, "base_url", where).orElseThrow(() -> where.wrong("base_url", "required")),
                where);
        Optional<String> variable = text(node, "api_key_env", where);
        Optional<String> apiKey = variable.map(env -> key(env, where, environment));
        if (apiKey.isEmpty() && kind != Kind.OPENAI) {
            throw where.wrong("api_key_env", "required for kind " + kind.name().toLowerCase(Locale.ROOT));
        }
        Optional<String> apiVersion = text(node, "api_version", where);
        if (apiVersion.isPresent() && kind != Kind.AZURE) {
            throw where.wrong("api_version", "only an azure provider has an API version");
        }
        return new Entry(name, kind, baseUrl, apiKey, apiVersion, prefixes(node, where), prices(node, where));
    }

    private static Optional<String> text(JsonNode node, String field, Where where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw where.wrong(field, "must be a non-empty string");
        }
        return Optional.of(value.asString().strip());
    }

    private static Kind kind(String text, Where where) {
        return switch (text) {
            case "openai" -> Kind.OPENAI;
            case "azure" -> Kind.AZURE;
            case "anthropic" -> Kind.ANTHROPIC;
            default -> throw where.wrong("kind", "'" + text + "' is not one of openai, azure, anthropic");
        };
    }

    private static URI url(String text, Where where) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw where.wrong("base_url", "'" + text + "' is not an http or https URL");
    }

    private static String key(String variable, Where where, Function<String, Optional<String>> environment) {
        if (!VARIABLE.matcher(variable).matches()) {
            throw where.wrong("api_key_env", "must name an environment variable, such as GROQ_API_KEY (the key "
                    + "itself never goes in the file)");
        }
        return environment.apply(variable).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> where.wrong("api_key_env", "environment variable " + variable + " is not set"));
    }

    private static List<String> prefixes(JsonNode node, Where where) {
        JsonNode value = node.get("model_prefixes");
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw where.wrong("model_prefixes", "must be an array of strings");
        }
        List<String> prefixes = new ArrayList<>();
        for (JsonNode prefix : value) {
            if (!prefix.isString() || prefix.asString().isBlank() || prefix.asString().contains("/")) {
                throw where.wrong("model_prefixes", "each prefix is a non-empty string without '/'");
            }
            prefixes.add(prefix.asString());
        }
        return prefixes;
    }

    private static Map<String, Price> prices(JsonNode node, Where where) {
        JsonNode value = node.get("prices");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw where.wrong("prices", "must be an object keyed by model");
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> price : value.properties()) {
            try {
                prices.put(price.getKey(), ModelPrices.price(price.getKey(), price.getValue()));
            } catch (IllegalArgumentException e) {
                throw where.wrong("prices", e.getMessage());
            }
        }
        return prices;
    }

    /** The line of each element of the {@code providers} array, in order. */
    private static List<Integer> entryLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            int depth = 0;
            boolean inProviders = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (inProviders && depth == 2 && (token.isScalarValue() || token.isStructStart())) {
                    lines.add(parser.currentTokenLocation().getLineNr());
                }
                if (token.isStructStart()) {
                    depth++;
                    if (depth == 2 && token == JsonToken.START_ARRAY && "providers".equals(parser.currentName())) {
                        inProviders = true;
                    }
                } else if (token.isStructEnd()) {
                    depth--;
                    if (depth == 1) {
                        inProviders = false;
                    }
                }
            }
        }
        return lines;
    }
}

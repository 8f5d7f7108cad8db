package io.promptengine.adapters.llm;

import io.promptengine.adapters.llm.spi.InvalidSettingException;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderKinds;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.PriceList.Price;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code kind} names a {@link ModelProviderFactory}: a built-in one ({@code openai} for any OpenAI-compatible server,
 * {@code azure}, {@code anthropic}, {@code local}) or one a jar on the classpath adds ({@link ProviderKinds}). This
 * file reads the fields every entry has ({@link ModelProviderFactory#COMMON_FIELDS}); the others are the kind's own
 * {@link Setting}s. A key is never written in the file: a field such as {@code api_key_env} names the environment
 * variable that holds it, which must then be set. Everything is checked when read; a mistake is an {@link
 * IllegalArgumentException} naming the file, the entry's line and the field.
 */
public final class ProvidersFile {

    /** Names the environment variables configure, or that mean something already. */
    private static final Set<String> RESERVED = Set.of("local", "openai", "anthropic", "ollama", "azure");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProvidersFile() {
    }

    /**
     * One provider of the file.
     *
     * @param factory the entry's kind
     * @param settings the kind's own fields, checked; {@link #toString()} never prints a secret among them
     * @param modelPrefixes bare model names starting with one of these route to it
     * @param prices per model name at this provider
     */
    public record Entry(String name, ModelProviderFactory factory, ProviderSettings settings,
            List<String> modelPrefixes, Map<String, Price> prices) {

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(settings, "settings");
            modelPrefixes = List.copyOf(modelPrefixes);
            prices = Map.copyOf(prices);
        }

        /** The value of the entry's {@code "kind"}. */
        public String kind() {
            return factory.kind();
        }

        /**
         * The adapter this entry describes, made by its kind's factory.
         *
         * @throws IllegalStateException when the factory names the provider otherwise than the entry: calls name a
         *     provider by the entry's name, so such a provider could never be reached
         */
        public ModelProvider provider(Clock clock) {
            ModelProvider provider = factory.create(name, settings, clock);
            if (!name.equals(provider.name())) {
                throw new IllegalStateException("Provider kind '" + kind() + "' (" + factory.getClass().getName()
                        + ") made a provider named '" + provider.name() + "' for the entry named '" + name + "'");
            }
            return provider;
        }

        @Override
        public String toString() {
            return "Entry[name=" + name + ", kind=" + kind() + ", settings=" + settings + ", modelPrefixes="
                    + modelPrefixes + ", prices=" + prices.keySet() + "]";
        }
    }

    /**
     * The entries of {@code file}, in order, of the kinds {@link ProviderKinds#discovered()} finds.
     *
     * @param environment where the variables that hold keys are looked up
     */
    public static List<Entry> read(Path file, Function<String, Optional<String>> environment) {
        return read(file, environment, ProviderKinds.discovered());
    }

    /**
     * The entries of {@code file}, in order, each of one of {@code kinds}.
     *
     * @param environment where the variables that hold keys are looked up
     */
    public static List<Entry> read(Path file, Function<String, Optional<String>> environment, ProviderKinds kinds) {
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
            Entry entry = entry(array.get(i), where, environment, kinds);
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

    private static Entry entry(JsonNode node, Where where, Function<String, Optional<String>> environment,
            ProviderKinds kinds) {
        if (!node.isObject()) {
            throw where.wrong("", "each provider is a JSON object");
        }
        String kind = text(node, "kind", where).orElseThrow(() -> where.wrong("kind", "required"));
        ModelProviderFactory factory = kinds.find(kind).orElseThrow(() -> where.wrong("kind", "'" + kind
                + "' is not one of the kinds found: " + String.join(", ", kinds.kinds())));
        Map<String, Object> own = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!ModelProviderFactory.COMMON_FIELDS.contains(field.getKey())) {
                own.put(field.getKey(), plain(field.getValue()));
            }
        }
        for (String field : own.keySet()) {
            if (factory.settings().stream().noneMatch(setting -> setting.field().equals(field))) {
                throw where.wrong(field, unknownField(field, factory, kinds));
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
        ProviderSettings settings;
        try {
            settings = ProviderSettings.check(factory, own, environment);
        } catch (InvalidSettingException e) {
            throw where.wrong(e.field(), e.problem());
        }
        return new Entry(name, factory, settings, prefixes(node, where), prices(node, where));
    }

    /** Which fields the entry's kind reads, and which other kinds read this one: the usual mistake is the kind. */
    private static String unknownField(String field, ModelProviderFactory factory, ProviderKinds kinds) {
        List<String> fields = new ArrayList<>(ModelProviderFactory.COMMON_FIELDS);
        factory.settings().forEach(setting -> fields.add(setting.field()));
        List<String> readers = kinds.kinds().stream()
                .filter(kind -> kinds.find(kind).orElseThrow().settings().stream()
                        .anyMatch(setting -> setting.field().equals(field)))
                .toList();
        return "unknown field for kind " + factory.kind() + "; its fields are " + String.join(", ", fields)
                + (readers.isEmpty() ? "" : readers.size() == 1 ? "; only kind " + readers.get(0) + " reads " + field
                        : "; only kinds " + String.join(", ", readers) + " read " + field);
    }

    /** A JSON value as the plain Java one the SPI hands a kind: no Jackson type leaves this class. */
    private static Object plain(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.properties().forEach(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        return null;
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

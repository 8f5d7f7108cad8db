package io.promptengine.adapters.llm;

import io.promptengine.application.port.out.PriceList;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prices of models in US dollars per million input and output tokens (and cached input, cache writes and
 * reasoning, where they differ): built-in list prices of OpenAI's and
 * Anthropic's models, {@code local} and {@code ollama} free (they run on your own hardware), and an operator's
 * own prices from a JSON file, which win over the built-in ones.
 *
 * <p>A price named {@code gpt-4o} also prices its dated snapshots ({@code gpt-4o-2024-08-06},
 * {@code claude-3-5-haiku-20241022}, {@code gpt-3.5-turbo-0125}) and {@code -latest}; the longest name wins, so
 * {@code gpt-4o-mini} is not priced as {@code gpt-4o}. Anything else has no price, and its executions no cost:
 * a guess would be a wrong bill.
 *
 * <p>The file is an object keyed by {@code provider/model}, or {@code provider/*} for every model of a provider:
 * <pre>{"openai/gpt-4o": {"input_per_million": 2.5, "output_per_million": 10, "cached_input_per_million": 1.25},
 * "vllm/*": {"input_per_million": 0, "output_per_million": 0}}</pre>
 * An entry may also give {@code cache_write_per_million} and {@code reasoning_per_million}; see {@link #price}.
 */
public final class ModelPrices implements PriceList {

    /** The day the built-in prices were copied from the providers' public price lists. */
    public static final String BUILT_IN_AS_OF = "2025-08-15";

    private static final Pattern SNAPSHOT = Pattern.compile("\\d{4}|\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest");
    private static final String ANY_MODEL = "*";

    /**
     * Name, input, cached input, output. OpenAI charges nothing extra to write its cache, and bills reasoning as
     * output, so those are priced at their parents' rates; a model without a cache discount has {@code -}.
     */
    private static final Map<String, Price> OPENAI = openAiTable(
            "gpt-5", "1.25", "0.125", "10.00",
            "gpt-5-mini", "0.25", "0.025", "2.00",
            "gpt-5-nano", "0.05", "0.005", "0.40",
            "gpt-4.1", "2.00", "0.50", "8.00",
            "gpt-4.1-mini", "0.40", "0.10", "1.60",
            "gpt-4.1-nano", "0.10", "0.025", "0.40",
            "gpt-4o", "2.50", "1.25", "10.00",
            "gpt-4o-2024-05-13", "5.00", "-", "15.00",
            "gpt-4o-mini", "0.15", "0.075", "0.60",
            "gpt-4-turbo", "10.00", "-", "30.00",
            "gpt-4", "30.00", "-", "60.00",
            "gpt-3.5-turbo", "0.50", "-", "1.50",
            "o1", "15.00", "7.50", "60.00",
            "o1-mini", "1.10", "0.55", "4.40",
            "o3", "2.00", "0.50", "8.00",
            "o3-mini", "1.10", "0.55", "4.40",
            "o4-mini", "1.10", "0.275", "4.40");

    /** Name, input, cache reads, cache writes (the default five-minute cache), output. */
    private static final Map<String, Price> ANTHROPIC = anthropicTable(
            "claude-opus-4-1", "15.00", "1.50", "18.75", "75.00",
            "claude-opus-4", "15.00", "1.50", "18.75", "75.00",
            "claude-sonnet-4-5", "3.00", "0.30", "3.75", "15.00",
            "claude-sonnet-4", "3.00", "0.30", "3.75", "15.00",
            "claude-haiku-4-5", "1.00", "0.10", "1.25", "5.00",
            "claude-3-7-sonnet", "3.00", "0.30", "3.75", "15.00",
            "claude-3-5-sonnet", "3.00", "0.30", "3.75", "15.00",
            "claude-3-5-haiku", "0.80", "0.08", "1.00", "4.00",
            "claude-3-opus", "15.00", "1.50", "18.75", "75.00",
            "claude-3-haiku", "0.25", "0.03", "0.30", "1.25");

    private static final String INPUT = "input_per_million";
    private static final String OUTPUT = "output_per_million";
    private static final String CACHED_INPUT = "cached_input_per_million";
    private static final String CACHE_WRITE = "cache_write_per_million";
    private static final String REASONING = "reasoning_per_million";
    private static final List<String> FIELDS = List.of(INPUT, OUTPUT, CACHED_INPUT, CACHE_WRITE, REASONING);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Keyed by provider, then model ({@code *} for all of the provider's models). */
    private final Map<String, Map<String, Price>> prices;

    private ModelPrices(Map<String, Map<String, Price>> prices) {
        this.prices = prices;
    }

    /** The built-in prices only. */
    public static ModelPrices builtIn() {
        return new ModelPrices(defaults());
    }

    /**
     * The built-in prices with those of {@code file} over them.
     *
     * @throws IllegalArgumentException naming the file and the entry or field that is wrong
     */
    public static ModelPrices withFile(Path file) {
        return of(Map.of(), Optional.of(file));
    }

    /**
     * The built-in prices, under {@code extra} (per provider, then model: a providers file's), under those of
     * {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the entry or field that is wrong
     */
    public static ModelPrices of(Map<String, Map<String, Price>> extra, Optional<Path> file) {
        Map<String, Map<String, Price>> prices = defaults();
        extra.forEach((provider, models) -> prices.computeIfAbsent(provider, name -> new LinkedHashMap<>())
                .putAll(models));
        if (file.isEmpty()) {
            return new ModelPrices(prices);
        }
        return new ModelPrices(read(file.get(), prices));
    }

    private static Map<String, Map<String, Price>> read(Path file, Map<String, Map<String, Price>> prices) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the prices file " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The prices file " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The prices file " + file
                    + " must hold a JSON object keyed by provider/model");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1) {
                throw new IllegalArgumentException("The prices file " + file + ": entry '" + key
                        + "' must be named provider/model or provider/*");
            }
            try {
                prices.computeIfAbsent(key.substring(0, slash), provider -> new LinkedHashMap<>())
                        .put(key.substring(slash + 1), price(key, entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The prices file " + file + ": " + e.getMessage(), e);
            }
        }
        return prices;
    }

    /** Every model with a price of its own, by its bare name (no {@code provider/}); a provider's {@code *} is none. */
    public Set<String> models() {
        Set<String> names = new TreeSet<>();
        prices.values().forEach(models -> names.addAll(models.keySet()));
        names.remove(ANY_MODEL);
        return Set.copyOf(names);
    }

    @Override
    public Optional<Price> price(String provider, String model) {
        Map<String, Price> models = prices.get(Objects.requireNonNull(provider, "provider"));
        if (models == null) {
            return Optional.empty();
        }
        Price exact = models.get(Objects.requireNonNull(model, "model"));
        if (exact != null) {
            return Optional.of(exact);
        }
        return models.entrySet().stream()
                .filter(entry -> isSnapshot(model, entry.getKey()))
                .max(Comparator.comparingInt(entry -> entry.getKey().length()))
                .map(Map.Entry::getValue)
                .or(() -> Optional.ofNullable(models.get(ANY_MODEL)));
    }

    private static boolean isSnapshot(String model, String priced) {
        return model.length() > priced.length() + 1 && model.startsWith(priced)
                && model.charAt(priced.length()) == '-'
                && SNAPSHOT.matcher(model.substring(priced.length() + 1)).matches();
    }

    /**
     * One price as a file writes it: {@code {"input_per_million": 2.5, "output_per_million": 10}}, optionally with
     * {@code cached_input_per_million}, {@code cache_write_per_million} and {@code reasoning_per_million}; a detail
     * without its own rate is priced at its parent's (input or output), so it changes no cost.
     */
    static Price price(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("'" + key
                    + "' must be an object with input_per_million and output_per_million");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("'" + key + "' has unknown field '" + field
                        + "'; it takes " + String.join(", ", FIELDS));
            }
        }
        BigDecimal input = amount(key, node, INPUT);
        BigDecimal output = amount(key, node, OUTPUT);
        return new Price(input, output, optionalAmount(key, node, CACHED_INPUT).orElse(input),
                optionalAmount(key, node, CACHE_WRITE).orElse(input),
                optionalAmount(key, node, REASONING).orElse(output));
    }

    private static BigDecimal amount(String key, JsonNode node, String field) {
        return optionalAmount(key, node, field).orElseThrow(() -> notAnAmount(key, field));
    }

    private static Optional<BigDecimal> optionalAmount(String key, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            throw notAnAmount(key, field);
        }
        return Optional.of(value.decimalValue());
    }

    private static IllegalArgumentException notAnAmount(String key, String field) {
        return new IllegalArgumentException("'" + key + "'." + field
                + " must be a number of US dollars per million tokens, not negative");
    }

    private static Map<String, Map<String, Price>> defaults() {
        Map<String, Map<String, Price>> prices = new LinkedHashMap<>();
        prices.put("openai", new LinkedHashMap<>(OPENAI));
        prices.put("anthropic", new LinkedHashMap<>(ANTHROPIC));
        prices.put("local", new LinkedHashMap<>(Map.of(ANY_MODEL, Price.FREE)));
        prices.put("ollama", new LinkedHashMap<>(Map.of(ANY_MODEL, Price.FREE)));
        return prices;
    }

    private static Map<String, Price> openAiTable(String... rows) {
        Map<String, Price> table = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 4) {
            BigDecimal input = new BigDecimal(rows[i + 1]);
            BigDecimal output = new BigDecimal(rows[i + 3]);
            BigDecimal cached = rows[i + 2].equals("-") ? input : new BigDecimal(rows[i + 2]);
            table.put(rows[i], new Price(input, output, cached, input, output));
        }
        return Map.copyOf(table);
    }

    private static Map<String, Price> anthropicTable(String... rows) {
        Map<String, Price> table = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 5) {
            BigDecimal output = new BigDecimal(rows[i + 4]);
            table.put(rows[i], new Price(new BigDecimal(rows[i + 1]), output, new BigDecimal(rows[i + 2]),
                    new BigDecimal(rows[i + 3]), output));
        }
        return Map.copyOf(table);
    }
}

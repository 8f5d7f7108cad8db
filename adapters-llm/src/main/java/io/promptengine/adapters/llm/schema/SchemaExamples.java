package io.promptengine.adapters.llm.schema;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic example documents for a schema, for the built-in {@code local} model: the answer a real model would
 * give when asked for JSON, built from the schema and a text.
 *
 * <p>Best effort, and honest about it: an object has every declared and every required property; a string is the
 * text (or a sample of its {@code format}), padded or cut to its lengths; a number is the text's word count, moved
 * into its bounds; a boolean is false; an array has {@code minItems} elements; {@code const} and the first of an
 * {@code enum} win; the first branch of an {@code anyOf}/{@code oneOf} is taken and the branches of an
 * {@code allOf} merged; local references are followed, a recursive one only while optional properties can stop
 * it. A {@code pattern} the text does not match is left unmatched: the answer then fails validation, which is
 * what a caller must handle from any model.
 */
public final class SchemaExamples {

    private static final int MAX_NESTING = 16;
    /** Past these an example is given up on: it fails validation, as it would from a model that tried. */
    private static final int MAX_STRING = 64 * 1024;
    private static final int MAX_ITEMS = 1000;
    private static final int MAX_SCALE = 100;
    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("date-time", "1970-01-01T00:00:00Z"), Map.entry("date", "1970-01-01"),
            Map.entry("time", "00:00:00Z"), Map.entry("duration", "P1D"), Map.entry("email", "user@example.com"),
            Map.entry("idn-email", "user@example.com"), Map.entry("hostname", "example.com"),
            Map.entry("idn-hostname", "example.com"), Map.entry("ipv4", "127.0.0.1"), Map.entry("ipv6", "::1"),
            Map.entry("uri", "https://example.com/"), Map.entry("uri-reference", "https://example.com/"),
            Map.entry("iri", "https://example.com/"), Map.entry("iri-reference", "https://example.com/"),
            Map.entry("uuid", "00000000-0000-0000-0000-000000000000"), Map.entry("json-pointer", "/"),
            Map.entry("regex", ".*"));

    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build()).build();

    /** A compact JSON document that satisfies {@code schema} as far as this class can, filled from {@code text}. */
    public String example(SchemaContract schema, String text) {
        JsonNode root;
        try {
            root = json.readTree(schema.document());
        } catch (JacksonException e) {
            throw new InvalidInputException("output_schema", "The output schema is not valid JSON");
        }
        return json.writeValueAsString(new Generation(root, text).value(root, 0));
    }

    /** One example being built: the schema's references, the text, and the references being followed now. */
    private final class Generation {

        private final LocalRefs refs;
        private final String text;
        private final Set<JsonNode> followed = Collections.newSetFromMap(new IdentityHashMap<>());

        Generation(JsonNode root, String text) {
            this.refs = new LocalRefs(root);
            this.text = text;
        }

        JsonNode value(JsonNode schema, int nesting) {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            if (!schema.isObject() || nesting > MAX_NESTING) {
                return schema.isBoolean() && !schema.asBoolean() ? nodes.nullNode() : nodes.stringNode(text);
            }
            JsonNode target = reference(schema);
            if (target != null) {
                followed.add(target);
                JsonNode value = value(target, nesting + 1);
                followed.remove(target);
                return value;
            }
            ObjectNode effective = effective((ObjectNode) schema);
            if (effective.has("const")) {
                return effective.get("const");
            }
            JsonNode choices = effective.get("enum");
            if (choices != null && choices.isArray() && !choices.isEmpty()) {
                return choices.get(0);
            }
            return switch (type(effective)) {
                case "object" -> object(effective, nesting);
                case "array" -> array(effective, nesting);
                case "integer" -> nodes.numberNode(number(effective, true));
                case "number" -> nodes.numberNode(number(effective, false));
                case "boolean" -> nodes.booleanNode(false);
                case "null" -> nodes.nullNode();
                default -> nodes.stringNode(string(effective));
            };
        }

        /** The local target of {@code schema}'s {@code $ref}, unless it is being followed already. */
        private JsonNode reference(JsonNode schema) {
            JsonNode ref = schema.get("$ref");
            if (ref == null || !ref.isString()) {
                return null;
            }
            JsonNode target = refs.resolve(ref.asString()).orElse(null);
            return target == null || followed.contains(target) ? null : target;
        }

        /** {@code schema} with the first branch of its {@code anyOf}/{@code oneOf} and all of its {@code allOf}. */
        private ObjectNode effective(ObjectNode schema) {
            ObjectNode merged = schema.deepCopy();
            merged.remove("allOf");
            merged.remove("anyOf");
            merged.remove("oneOf");
            JsonNode allOf = schema.get("allOf");
            if (allOf != null && allOf.isArray()) {
                allOf.forEach(branch -> merge(merged, branch));
            }
            for (String choice : new String[] {"anyOf", "oneOf"}) {
                JsonNode branches = schema.get(choice);
                if (branches != null && branches.isArray() && !branches.isEmpty()) {
                    merge(merged, branches.get(0));
                }
            }
            return merged;
        }

        /** Adds {@code branch}'s properties and required names to {@code into}; other keywords only if absent. */
        private void merge(ObjectNode into, JsonNode branch) {
            JsonNode target = reference(branch);
            if (target == null && branch.has("$ref")) {
                return;
            }
            JsonNode source = target != null ? target : branch;
            if (!source.isObject()) {
                return;
            }
            ObjectNode resolved;
            if (target != null) {
                followed.add(target);
            }
            try {
                resolved = effective((ObjectNode) source);
            } finally {
                if (target != null) {
                    followed.remove(target);
                }
            }
            for (Map.Entry<String, JsonNode> keyword : resolved.properties()) {
                JsonNode existing = into.get(keyword.getKey());
                if (existing == null) {
                    into.set(keyword.getKey(), keyword.getValue());
                } else if (existing.isObject() && keyword.getValue().isObject()
                        && keyword.getKey().equals("properties")) {
                    keyword.getValue().properties().forEach(p -> ((ObjectNode) existing).putIfAbsent(p.getKey(), p.getValue()));
                } else if (existing.isArray() && keyword.getValue().isArray() && keyword.getKey().equals("required")) {
                    ((ArrayNode) existing).addAll((ArrayNode) keyword.getValue());
                }
            }
        }

        private String type(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type != null && type.isString()) {
                return type.asString();
            }
            if (type != null && type.isArray()) {
                for (JsonNode each : type) {
                    if (!"null".equals(each.asString())) {
                        return each.asString();
                    }
                }
                return "null";
            }
            if (schema.has("properties") || schema.has("required") || schema.has("additionalProperties")) {
                return "object";
            }
            if (schema.has("items") || schema.has("prefixItems") || schema.has("minItems")) {
                return "array";
            }
            if (schema.has("minimum") || schema.has("maximum") || schema.has("exclusiveMinimum")
                    || schema.has("exclusiveMaximum") || schema.has("multipleOf")) {
                return "number";
            }
            return "string";
        }

        private ObjectNode object(JsonNode schema, int nesting) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            JsonNode properties = schema.get("properties");
            Set<String> required = names(schema.get("required"));
            if (properties != null && properties.isObject()) {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    boolean recursive = reference(property.getValue()) == null && property.getValue().has("$ref");
                    if (!recursive || required.contains(property.getKey())) {
                        object.set(property.getKey(), value(property.getValue(), nesting + 1));
                    }
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            for (String name : required) {
                if (!object.has(name)) {
                    object.set(name, additional != null && additional.isObject()
                            ? value(additional, nesting + 1) : JsonNodeFactory.instance.stringNode(text));
                }
            }
            return object;
        }

        private ArrayNode array(JsonNode schema, int nesting) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            JsonNode prefix = schema.get("prefixItems");
            JsonNode items = schema.get("items");
            int count = Math.max(intValue(schema.get("minItems"), 0), prefix != null && prefix.isArray() ? prefix.size() : 0);
            for (int i = 0; i < Math.min(count, MAX_ITEMS); i++) {
                JsonNode item = prefix != null && prefix.isArray() && i < prefix.size() ? prefix.get(i)
                        : items != null && items.isArray() && i < items.size() ? items.get(i)
                        : items != null && Subschemas.isSchema(items) ? items
                        : JsonNodeFactory.instance.objectNode();
                array.add(value(item, nesting + 1));
            }
            return array;
        }

        /**
         * The text's word count if it fits the bounds, else the first that does of: the lower bound (or the next
         * integer above it), the upper one (or the one below it), their midpoint; then onto a {@code multipleOf}.
         */
        private BigDecimal number(JsonNode schema, boolean integer) {
            Bounds bounds = new Bounds(schema, integer);
            BigDecimal words = BigDecimal.valueOf(text.isBlank() ? 0 : text.trim().split("\\s+").length);
            BigDecimal value = bounds.first(words, bounds.lowestAllowed(), bounds.highestAllowed(), bounds.middle());
            BigDecimal step = decimal(schema.get("multipleOf"));
            if (value != null && step != null && step.signum() > 0) {
                BigDecimal times = value.divide(step, 0, RoundingMode.CEILING);
                value = bounds.first(times.multiply(step), times.subtract(BigDecimal.ONE).multiply(step));
            }
            return value == null ? words : integer ? value.setScale(0, RoundingMode.CEILING) : value.stripTrailingZeros();
        }

        private String string(JsonNode schema) {
            JsonNode format = schema.get("format");
            String value = format != null && FORMATS.containsKey(format.asString())
                    ? FORMATS.get(format.asString()) : text;
            int min = Math.min(intValue(schema.get("minLength"), 0), MAX_STRING);
            int max = intValue(schema.get("maxLength"), Integer.MAX_VALUE);
            StringBuilder padded = new StringBuilder(value);
            while (padded.codePointCount(0, padded.length()) < min) {
                padded.append(value.isEmpty() ? "x" : " " + value);
            }
            value = padded.toString();
            if (value.codePointCount(0, value.length()) > max) {
                value = value.substring(0, value.offsetByCodePoints(0, max));
            }
            return value;
        }

        private static Set<String> names(JsonNode required) {
            Set<String> names = new LinkedHashSet<>();
            if (required != null && required.isArray()) {
                for (Iterator<JsonNode> it = required.iterator(); it.hasNext(); ) {
                    JsonNode name = it.next();
                    if (name.isString()) {
                        names.add(name.asString());
                    }
                }
            }
            return names;
        }

        private static int intValue(JsonNode node, int otherwise) {
            return node != null && node.isNumber() ? (int) Math.min(node.asLong(), Integer.MAX_VALUE) : otherwise;
        }

    }

    /** A bound as a decimal; none when it is absent, not finite, or too fine or coarse to compute with. */
    private static BigDecimal decimal(JsonNode node) {
        if (node == null || !node.isNumber() || node.isDouble() && !Double.isFinite(node.asDouble())) {
            return null;
        }
        BigDecimal value = node.decimalValue();
        return Math.abs(value.scale()) > MAX_SCALE ? null : value;
    }

    /** The range {@code minimum}/{@code exclusiveMinimum} to {@code maximum}/{@code exclusiveMaximum} allows. */
    private static final class Bounds {

        private final BigDecimal minimum;
        private final BigDecimal above;
        private final BigDecimal maximum;
        private final BigDecimal below;
        private final boolean integer;

        Bounds(JsonNode schema, boolean integer) {
            this.minimum = decimal(schema.get("minimum"));
            this.above = decimal(schema.get("exclusiveMinimum"));
            this.maximum = decimal(schema.get("maximum"));
            this.below = decimal(schema.get("exclusiveMaximum"));
            this.integer = integer;
        }

        BigDecimal lowestAllowed() {
            if (above != null) {
                return integer ? above.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE) : above.add(BigDecimal.ONE);
            }
            return minimum == null ? null : integer ? minimum.setScale(0, RoundingMode.CEILING) : minimum;
        }

        BigDecimal highestAllowed() {
            if (below != null) {
                return integer ? below.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
                        : below.subtract(BigDecimal.ONE);
            }
            return maximum == null ? null : integer ? maximum.setScale(0, RoundingMode.FLOOR) : maximum;
        }

        BigDecimal middle() {
            BigDecimal low = above != null ? above : minimum;
            BigDecimal high = below != null ? below : maximum;
            return low == null || high == null ? null : low.add(high).divide(BigDecimal.valueOf(2));
        }

        /** The first of {@code candidates} inside the range, or null. */
        BigDecimal first(BigDecimal... candidates) {
            for (BigDecimal candidate : candidates) {
                if (candidate != null && allows(candidate)) {
                    return candidate;
                }
            }
            return null;
        }

        private boolean allows(BigDecimal value) {
            return (!integer || value.stripTrailingZeros().scale() <= 0)
                    && (minimum == null || value.compareTo(minimum) >= 0)
                    && (above == null || value.compareTo(above) > 0)
                    && (maximum == null || value.compareTo(maximum) <= 0)
                    && (below == null || value.compareTo(below) < 0);
        }
    }
}

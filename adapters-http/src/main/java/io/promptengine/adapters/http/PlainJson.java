package io.promptengine.adapters.http;

import io.promptengine.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The facade's one bridge between a host's plain Java values and the JSON text the use cases take and give. A host
 * passes {@link Map}s with {@link String} keys, {@link List}s, {@link String}s, {@link Number}s, {@link Boolean}s and
 * {@code null}; anything else is refused with an {@link InvalidInputException} naming where it is
 * ({@code customer.tags[1]}), before any work. Strings are held to the policy the HTTP API holds request bodies to
 * (no NUL, no unpaired surrogate), and nesting to its depth, so a value the HTTP API would refuse is refused here too.
 *
 * <p>Objects are written in the HTTP adapter's canonical form (compact, keys sorted at every level), so that an
 * endpoint input sent in process and the same input sent over HTTP meet in the response cache.
 */
public final class PlainJson {

    /** As deep as the HTTP API lets a request body nest; also what bounds the recursion of a value that holds itself. */
    public static final int MAX_DEPTH = 64;

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** {@code value} as canonical JSON text. */
    public String write(Object value) {
        return mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsString(node(value, "", 0));
    }

    /** {@code value} as canonical JSON text, refused unless it is a map: an endpoint's input is a JSON object. */
    public String writeObject(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new InvalidInputException("Endpoint input must be a map (a JSON object), not " + describe(value));
        }
        return write(value);
    }

    /** JSON text as plain values: {@code LinkedHashMap}, {@code ArrayList}, {@code String}, numbers, booleans, null. */
    public Object read(String json) {
        return mapper.readValue(json, Object.class);
    }

    private JsonNode node(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException(shown(path), "Input nests deeper than " + MAX_DEPTH + " levels at '"
                    + shown(path) + "'");
        }
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof String text) {
            return nodes.stringNode(checked(text, path, "Field"));
        } else if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        } else if (value instanceof Number number) {
            return number(number, path);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    throw new InvalidInputException(shown(path), "Keys of the map at '" + shown(path)
                            + "' must be strings, not " + describe(entry.getKey()));
                }
                String at = path.isEmpty() ? name : path + "." + name;
                checked(name, at, "Field name");
                object.set(name, node(entry.getValue(), at, depth + 1));
            }
            return object;
        } else if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                array.add(node(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return array;
        }
        throw new InvalidInputException(shown(path), "Field '" + shown(path)
                + "' must be a map, list, string, number, boolean or null, not " + describe(value));
    }

    private JsonNode number(Number number, String path) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return nodes.numberNode(number.intValue());
        } else if (number instanceof Long whole) {
            return nodes.numberNode(whole);
        } else if (number instanceof BigInteger big) {
            return nodes.numberNode(big);
        } else if (number instanceof BigDecimal decimal) {
            return nodes.numberNode(decimal);
        } else if (number instanceof Double || number instanceof Float) {
            double real = number.doubleValue();
            if (Double.isNaN(real) || Double.isInfinite(real)) {
                throw new InvalidInputException(shown(path), "Field '" + shown(path)
                        + "' must be a finite number; JSON has no " + real);
            }
            return nodes.numberNode(real);
        }
        throw new InvalidInputException(shown(path), "Field '" + shown(path)
                + "' must be an Integer, Long, Double, Float, BigInteger or BigDecimal, not " + describe(number));
    }

    /** The HTTP API's policy for text in a request: no NUL character, no unpaired UTF-16 surrogate. */
    private static String checked(String text, String path, String what) {
        flaw(text).ifPresent(flaw -> {
            throw new InvalidInputException(shown(path), what + " '" + shown(path) + "' must not contain " + flaw);
        });
        return text;
    }

    private static Optional<String> flaw(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("the NUL character (\\u0000)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("an unpaired UTF-16 surrogate (\\u%04x)", (int) c));
            }
        }
        return Optional.empty();
    }

    /** The input itself is named {@code input}; a value inside it by its path. */
    private static String shown(String path) {
        return path.isEmpty() ? "input" : path;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}

package io.promptengine.adapters.llm.schema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * networknt's errors in the words of the public API ({@code Field 'max_length' must be between 10 and 1000}), one
 * per field, the most useful first: a missing or unexpected field, then a wrong type, then a wrong value.
 *
 * <p>A bound is worded with its partner when the schema has one ({@code minimum} with {@code maximum}), so the
 * caller learns the whole range at once. The errors of the branches of an {@code anyOf} or {@code oneOf} become
 * one summary of what the branches allow (networknt reports no error of its own for a failed {@code anyOf}):
 * "must be a string or an integer" says more than the first branch that failed.
 */
final class Violations {

    private static final List<String> MOST_USEFUL_FIRST = List.of("required", "additionalProperties",
            "unevaluatedProperties", "false", "type", "const", "enum");
    private static final Set<String> BRANCHING = Set.of("anyOf", "oneOf");
    private static final Map<String, String> ARTICLES = Map.of("string", "a string", "number", "a number",
            "integer", "an integer", "boolean", "a boolean", "object", "an object", "array", "an array",
            "null", "null");

    /** Keywords after which the evaluation moves one level down the document. */
    private static final Set<String> DESCENDING = Set.of("properties", "patternProperties", "prefixItems", "items",
            "additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems", "contains");
    /** Keywords followed in an evaluation path by a name or an index that is not itself a keyword. */
    private static final Set<String> NAMING = Set.of("properties", "patternProperties", "prefixItems",
            "dependentSchemas", "allOf", "anyOf", "oneOf");

    private final JsonNode schemaRoot;
    private final LocalRefs refs;

    Violations(JsonNode schemaRoot) {
        this.schemaRoot = schemaRoot;
        this.refs = new LocalRefs(schemaRoot);
    }

    List<Violation> describe(List<Error> errors) {
        List<Ranked> ranked = new ArrayList<>();
        Map<String, Branching> branchings = new LinkedHashMap<>();
        for (Error error : errors) {
            NodePath evaluation = error.getEvaluationPath();
            int at = branchingAt(evaluation);
            if (at < 0) {
                ranked.add(new Ranked(usefulness(error.getKeyword()), describe(error)));
                continue;
            }
            NodePath location = combinatorLocation(error.getInstanceLocation(), evaluation, at);
            String key = prefix(evaluation, at + 1) + "@" + location;
            Branching branching = branchings.computeIfAbsent(key,
                    k -> new Branching(String.valueOf(evaluation.getElement(at)), location, combinator(evaluation, at)));
            if (at == evaluation.getNameCount() - 1) {
                branching.own = error;
            }
        }
        for (Branching branching : branchings.values()) {
            String field = field(branching.location);
            ranked.add(new Ranked(MOST_USEFUL_FIRST.size() + 1,
                    new Violation(field, subject(field) + " must be " + branches(branching))));
        }
        ranked.sort(Comparator.comparingInt(Ranked::rank));
        Set<String> described = new HashSet<>();
        List<Violation> violations = new ArrayList<>();
        for (Ranked each : ranked) {
            if (described.add(each.violation().field())) {
                violations.add(each.violation());
            }
        }
        return List.copyOf(violations);
    }

    /** {@code options.format}, {@code tags[2]}; empty for the document itself. */
    static String field(NodePath location) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                appendName(field, element.toString());
            }
        }
        return field.toString();
    }

    /** {@code Field 'text'}, or {@code The document} for the root. */
    static String subject(String field) {
        return field.isEmpty() ? "The document" : "Field '" + field + "'";
    }

    private Violation describe(Error error) {
        String field = field(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode value = error.getSchemaNode();
        switch (keyword) {
            case "required", "additionalProperties", "unevaluatedProperties", "dependentRequired" -> {
                if (error.getProperty() != null) {
                    String named = appendName(new StringBuilder(field), error.getProperty()).toString();
                    return new Violation(named, subject(named)
                            + (keyword.endsWith("Properties") ? " is not allowed" : " is required"));
                }
            }
            case "false" -> {
                return new Violation(field, subject(field) + " is not allowed");
            }
            case "type" -> {
                return new Violation(field, subject(field) + " must be " + types(value));
            }
            case "enum" -> {
                return new Violation(field, subject(field) + " must be one of: " + values(value));
            }
            case "const" -> {
                return new Violation(field, subject(field) + " must be exactly " + value);
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                return new Violation(field, subject(field) + " must be " + range(parent(error)));
            }
            case "minLength", "maxLength" -> {
                return new Violation(field, subject(field) + " must be "
                        + count(parent(error), "minLength", "maxLength", "character") + " long");
            }
            case "minItems", "maxItems" -> {
                return new Violation(field, subject(field) + " must have "
                        + count(parent(error), "minItems", "maxItems", "item"));
            }
            case "minProperties", "maxProperties" -> {
                return new Violation(field, subject(field) + " must have "
                        + count(parent(error), "minProperties", "maxProperties", "property"));
            }
            case "pattern" -> {
                return new Violation(field, subject(field) + " must match the pattern " + value.asString());
            }
            case "format" -> {
                return new Violation(field, subject(field) + " must be a valid " + value.asString());
            }
            case "multipleOf" -> {
                return new Violation(field, subject(field) + " must be a multiple of " + value);
            }
            case "uniqueItems" -> {
                return new Violation(field, subject(field) + " must not contain the same item twice");
            }
            case "not" -> {
                return new Violation(field, subject(field) + " has a value that is not allowed");
            }
            default -> {
                // A keyword worded nowhere above: networknt's own words, which already read "must ...".
            }
        }
        return new Violation(field, subject(field) + " " + error.getMessage());
    }

    private static int usefulness(String keyword) {
        int rank = MOST_USEFUL_FIRST.indexOf(keyword);
        return rank >= 0 ? rank : "not".equals(keyword) ? MOST_USEFUL_FIRST.size() + 1 : MOST_USEFUL_FIRST.size();
    }

    /**
     * Where in {@code evaluation} the outermost {@code anyOf} or {@code oneOf} is, if the error comes from one: its
     * own error ends there, an error of one of its branches goes on with the branch's index. -1 when neither.
     */
    private static int branchingAt(NodePath evaluation) {
        int last = evaluation.getNameCount() - 1;
        for (int i = 0; i <= last; i++) {
            boolean named = i > 0 && NAMING.contains(String.valueOf(evaluation.getElement(i - 1)))
                    && !(evaluation.getElement(i) instanceof Integer);
            if (named) {
                continue;
            }
            if (BRANCHING.contains(String.valueOf(evaluation.getElement(i)))
                    && (i == last || evaluation.getElement(i + 1) instanceof Integer)) {
                return i;
            }
        }
        return -1;
    }

    /** The document location the combinator at {@code at} applied to: the error's, less what its branch descended. */
    private static NodePath combinatorLocation(NodePath instance, NodePath evaluation, int at) {
        NodePath location = instance;
        for (int i = at + 2; i < evaluation.getNameCount() - 1; i++) {
            String segment = String.valueOf(evaluation.getElement(i));
            if (DESCENDING.contains(segment) && location.getNameCount() > 0) {
                location = location.getParent();
            }
            if (NAMING.contains(segment)) {
                i++;
            }
        }
        return location;
    }

    private static String prefix(NodePath path, int end) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < end; i++) {
            prefix.append('/').append(path.getElement(i));
        }
        return prefix.toString();
    }

    /** The branches of the combinator at {@code at}, found by walking the evaluation path through the schema. */
    private JsonNode combinator(NodePath evaluation, int at) {
        JsonNode node = schemaRoot;
        for (int i = 0; i <= at && node != null; i++) {
            Object segment = evaluation.getElement(i);
            if (segment instanceof Integer index) {
                node = node.get(index);
            } else if ("$ref".equals(segment) || "$dynamicRef".equals(segment)) {
                JsonNode ref = node.get(segment.toString());
                node = ref == null ? null : refs.resolve(ref.asString()).orElse(null);
            } else {
                node = node.get(segment.toString());
            }
        }
        return node != null && node.isArray() ? node : JsonNodeFactory.instance.arrayNode();
    }

    /** The schema object that holds the keyword of {@code error}, or an empty object if it cannot be found. */
    private JsonNode parent(Error error) {
        NodePath keyword = error.getSchemaLocation().getFragment();
        JsonNode node = schemaRoot;
        for (int i = 0; i < keyword.getNameCount() - 1 && node != null; i++) {
            Object element = keyword.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(element.toString());
        }
        return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
    }

    /** {@code between 10 and 1000}, {@code at least 10}, {@code greater than 0 and at most 1}. */
    private static String range(JsonNode schema) {
        JsonNode minimum = schema.get("minimum");
        JsonNode maximum = schema.get("maximum");
        JsonNode above = numeric(schema.get("exclusiveMinimum"));
        JsonNode below = numeric(schema.get("exclusiveMaximum"));
        if (numeric(minimum) != null && numeric(maximum) != null && above == null && below == null) {
            return "between " + minimum + " and " + maximum;
        }
        StringJoiner bounds = new StringJoiner(" and ");
        if (above != null) {
            bounds.add("greater than " + above);
        } else if (numeric(minimum) != null) {
            bounds.add("at least " + minimum);
        }
        if (below != null) {
            bounds.add("less than " + below);
        } else if (numeric(maximum) != null) {
            bounds.add("at most " + maximum);
        }
        return bounds.toString();
    }

    /** {@code at least 1 character}, {@code between 1 and 3 items}. */
    private static String count(JsonNode schema, String minKeyword, String maxKeyword, String unit) {
        JsonNode min = numeric(schema.get(minKeyword));
        JsonNode max = numeric(schema.get(maxKeyword));
        if (min != null && max != null) {
            return "between " + min + " and " + max + " " + plural(unit, max);
        }
        return min != null ? "at least " + min + " " + plural(unit, min) : "at most " + max + " " + plural(unit, max);
    }

    private static String plural(String unit, JsonNode count) {
        if (count != null && count.asDouble() == 1) {
            return unit;
        }
        return unit.endsWith("y") ? unit.substring(0, unit.length() - 1) + "ies" : unit + "s";
    }

    private static JsonNode numeric(JsonNode node) {
        return node != null && node.isNumber() ? node : null;
    }

    /** {@code an integer}, {@code a string or null}. */
    private static String types(JsonNode type) {
        if (type.isString()) {
            return ARTICLES.getOrDefault(type.asString(), type.asString());
        }
        StringJoiner any = new StringJoiner(" or ");
        for (JsonNode each : type) {
            any.add(ARTICLES.getOrDefault(each.asString(), each.asString()));
        }
        return any.toString();
    }

    /** {@code bullets, paragraph}: strings as they are, anything else as JSON. */
    private static String values(Iterable<JsonNode> values) {
        StringJoiner list = new StringJoiner(", ");
        for (JsonNode value : values) {
            list.add(value.isString() ? value.asString() : value.toString());
        }
        return list.toString();
    }

    /**
     * What the branches of an {@code anyOf} or {@code oneOf} allow, when each is only a type or only values
     * ({@code a string or an integer}, {@code one of: a, b}); else that it must match one of them.
     */
    private static String branches(Branching branching) {
        JsonNode branches = branching.branches;
        Set<String> types = new LinkedHashSet<>();
        List<JsonNode> values = new ArrayList<>();
        boolean typesOnly = true;
        boolean valuesOnly = true;
        for (JsonNode branch : branches) {
            Set<String> keywords = branch.isObject() ? new HashSet<>(branch.propertyNames()) : Set.of("?");
            typesOnly &= keywords.equals(Set.of("type")) && branch.get("type").isString();
            valuesOnly &= keywords.equals(Set.of("const")) || keywords.equals(Set.of("enum"))
                    && branch.get("enum").isArray();
            if (typesOnly) {
                types.add(types(branch.get("type")));
            }
            if (valuesOnly) {
                if (branch.has("const")) {
                    values.add(branch.get("const"));
                } else {
                    branch.get("enum").forEach(values::add);
                }
            }
        }
        if (branches.isEmpty()) {
            return "valid against one of its allowed forms";
        }
        if (typesOnly) {
            return String.join(" or ", types);
        }
        if (valuesOnly) {
            return "one of: " + values(values);
        }
        boolean oneOf = "oneOf".equals(branching.keyword);
        Object[] arguments = branching.own == null ? null : branching.own.getArguments();
        if (oneOf && arguments != null && arguments.length > 0 && !"0".equals(String.valueOf(arguments[0]))) {
            return "valid against exactly one of its allowed forms, but matches " + arguments[0];
        }
        return "valid against " + (oneOf ? "exactly one" : "one") + " of its allowed forms";
    }

    private static StringBuilder appendName(StringBuilder path, String name) {
        return (path.length() == 0 ? path : path.append('.')).append(name);
    }

    private record Ranked(int rank, Violation violation) {
    }

    /** The errors of one {@code anyOf} or {@code oneOf} at one place in the document, worded as one. */
    private static final class Branching {

        final String keyword;
        final NodePath location;
        final JsonNode branches;
        Error own;

        Branching(String keyword, NodePath location, JsonNode branches) {
            this.keyword = keyword;
            this.location = location;
            this.branches = branches;
        }
    }
}

package io.promptengine.adapters.http.console;

import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test form of a prompt version, made from its endpoint's input schema: one input per top-level property, by
 * its type (a text box for a string, a number box for a number or integer, a choice for a boolean or an enum, a
 * JSON box for an object, an array or anything the schema leaves open). What the form sends becomes the input
 * object; the endpoint's schema then checks it, in the use case, as for a real call.
 */
final class TestForm {

    private final ConsoleSupport support;

    TestForm(ConsoleSupport support) {
        this.support = support;
    }

    /** The inputs of the endpoint's schema, holding {@code posted} (by property name); none without an endpoint. */
    List<PromptPages.InputField> fields(Optional<Endpoint> endpoint, Map<String, String> posted) {
        if (endpoint.isEmpty()) {
            return List.of();
        }
        JsonNode schema = support.readField("input_schema", endpoint.get().inputSchema().document());
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        List<PromptPages.InputField> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode definition = property.getValue();
            String name = property.getKey();
            List<String> options = new ArrayList<>();
            definition.path("enum").forEach(option -> options.add(support.text(option)));
            fields.add(new PromptPages.InputField(name, kind(definition, options), required.contains(name),
                    definition.path("description").asString(""), options, posted.getOrDefault(name, "")));
        }
        return fields;
    }

    private static String kind(JsonNode definition, List<String> options) {
        if (!options.isEmpty()) {
            return "enum";
        }
        return switch (definition.path("type").asString("")) {
            case "string" -> "string";
            case "number" -> "number";
            case "integer" -> "integer";
            case "boolean" -> "boolean";
            default -> "json";
        };
    }

    /**
     * The input object as compact JSON: an empty input is left out (the schema says whether it may be); a value that
     * is not of its input's kind is a 400 naming the input.
     */
    String input(List<PromptPages.InputField> fields) {
        ObjectNode input = support.object();
        for (PromptPages.InputField field : fields) {
            String value = field.value();
            if (value.isEmpty()) {
                continue;
            }
            switch (field.kind()) {
                case "string" -> input.put(field.name(), value);
                case "number" -> input.put(field.name(), decimal(field, value));
                case "integer" -> input.put(field.name(), integer(field, value));
                case "boolean" -> input.put(field.name(), Boolean.parseBoolean(value));
                case "enum" -> input.set(field.name(), option(field, value));
                default -> input.set(field.name(), support.readField(field.id(), value));
            }
        }
        return support.text(input);
    }

    private static BigDecimal decimal(PromptPages.InputField field, String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field.id(), "'" + field.name() + "' must be a number");
        }
    }

    private static long integer(PromptPages.InputField field, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field.id(), "'" + field.name() + "' must be a whole number");
        }
    }

    /** An enum's choice is sent as its index, so that any JSON value (a number, null) can be one of its options. */
    private JsonNode option(PromptPages.InputField field, String value) {
        int index;
        try {
            index = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= field.options().size()) {
            throw new InvalidInputException(field.id(), "'" + field.name() + "' must be one of its options");
        }
        return support.readField(field.id(), field.options().get(index));
    }
}

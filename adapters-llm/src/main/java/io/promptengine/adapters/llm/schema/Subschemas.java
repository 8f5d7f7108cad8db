package io.promptengine.adapters.llm.schema;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Where a schema of draft 2020-12 or draft-07 holds other schemas: the keywords, their members, their values. */
final class Subschemas {

    /** Keywords whose value is one schema. */
    private static final Set<String> SINGLE = Set.of("additionalProperties", "unevaluatedProperties", "items",
            "additionalItems", "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else",
            "contentSchema");
    /** Keywords whose value is an array of schemas ({@code items} too, in draft-07's tuple form). */
    private static final Set<String> LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");
    /** Keywords whose value maps names to schemas ({@code dependencies} too, where a member is not a list). */
    private static final Set<String> MAPS = Set.of("properties", "patternProperties", "dependentSchemas",
            "dependencies");
    private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");

    /** The keywords that combine branches: the ones whose nesting multiplies the work of a validation. */
    static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "not");

    /** Receives one subschema: under {@code keyword}, at {@code member} (a name, an index, or null). */
    interface Visitor {
        void visit(String keyword, String member, JsonNode subschema);
    }

    private Subschemas() {
    }

    /**
     * Visits the subschemas of {@code schema} that validation applies, in document order; with
     * {@code definitions} also those under {@code $defs} and {@code definitions}, which apply only when referred to.
     */
    static void each(JsonNode schema, boolean definitions, Visitor visitor) {
        if (!schema.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            if (SINGLE.contains(keyword) && isSchema(value)) {
                visitor.visit(keyword, null, value);
            } else if (LISTS.contains(keyword) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    if (isSchema(value.get(i))) {
                        visitor.visit(keyword, Integer.toString(i), value.get(i));
                    }
                }
            } else if ((MAPS.contains(keyword) || definitions && DEFINITIONS.contains(keyword)) && value.isObject()) {
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    if (isSchema(member.getValue())) {
                        visitor.visit(keyword, member.getKey(), member.getValue());
                    }
                }
            }
        }
    }

    /** A schema is an object or a boolean. */
    static boolean isSchema(JsonNode node) {
        return node.isObject() || node.isBoolean();
    }

    /** The JSON pointer of a member under a keyword, for messages: {@code /properties/code}. */
    static String pointer(String parent, String keyword, String member) {
        String at = parent + "/" + escape(keyword);
        return member == null ? at : at + "/" + escape(member);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}

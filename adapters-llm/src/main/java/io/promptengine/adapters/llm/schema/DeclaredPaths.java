package io.promptengine.adapters.llm.schema;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The property paths a schema declares through {@code properties}, dotted ({@code options.format}), following
 * local references and the branches of {@code allOf}, {@code anyOf}, {@code oneOf} and {@code if}/{@code then}/
 * {@code else}. The properties of an array's items are declared under the array's own path ({@code tags.name}),
 * the way a template section over the array names them.
 */
final class DeclaredPaths {

    private static final Set<String> SAME_LEVEL = Set.of("allOf", "anyOf", "oneOf", "if", "then", "else",
            "dependentSchemas", "items", "prefixItems", "contains");

    private final LocalRefs refs;
    private final Set<String> paths = new LinkedHashSet<>();
    /** The targets of the references being followed now, by identity: a recursive schema stops at itself. */
    private final Set<JsonNode> followed = Collections.newSetFromMap(new IdentityHashMap<>());
    private int visits;

    private DeclaredPaths(JsonNode root) {
        this.refs = new LocalRefs(root);
    }

    /** The paths {@code root} declares; {@code root} has passed {@link SchemaGuard}, so the walk is bounded. */
    static Set<String> of(JsonNode root) {
        DeclaredPaths declared = new DeclaredPaths(root);
        declared.walk(root, "");
        return Set.copyOf(declared.paths);
    }

    private void walk(JsonNode schema, String prefix) {
        if (!schema.isObject() || ++visits > SchemaGuard.MAX_SUBSCHEMAS) {
            return;
        }
        follow(schema.get("$ref"), prefix);
        follow(schema.get("$dynamicRef"), prefix);
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
                paths.add(path);
                walk(property.getValue(), path);
            }
        }
        Subschemas.each(schema, false, (keyword, member, subschema) -> {
            if (SAME_LEVEL.contains(keyword)) {
                walk(subschema, prefix);
            }
        });
    }

    private void follow(JsonNode ref, String prefix) {
        if (ref == null || !ref.isString()) {
            return;
        }
        JsonNode target = refs.resolve(ref.asString()).orElse(null);
        if (target == null || !followed.add(target)) {
            return;
        }
        walk(target, prefix);
        followed.remove(target);
    }
}

package io.promptengine.adapters.llm.schema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Resolves the references a schema may make to itself: {@code #} (the root), a JSON pointer such as
 * {@code #/$defs/address}, or an anchor such as {@code #address} ({@code $anchor} and {@code $dynamicAnchor} in
 * 2020-12, {@code $id: "#address"} in draft-07). Anything else is remote, and never resolved here.
 *
 * <p>Pointers resolve against the document's root: the schema adapter refuses embedded resources (an
 * {@code $id} below the root that is not an anchor), the only thing that would move the base of a pointer.
 */
final class LocalRefs {

    private final JsonNode root;
    private final Map<String, JsonNode> anchors = new HashMap<>();

    LocalRefs(JsonNode root) {
        this.root = root;
        collectAnchors(root);
    }

    /** Whether {@code ref} stays inside the document. */
    static boolean isLocal(String ref) {
        return ref.startsWith("#");
    }

    /** The node that the local {@code ref} names, if there is one. */
    Optional<JsonNode> resolve(String ref) {
        if (!isLocal(ref)) {
            return Optional.empty();
        }
        String fragment = decode(ref.substring(1));
        if (fragment == null) {
            return Optional.empty();
        }
        if (fragment.isEmpty()) {
            return Optional.of(root);
        }
        if (!fragment.startsWith("/")) {
            return Optional.ofNullable(anchors.get(fragment));
        }
        JsonNode node = root;
        for (String token : fragment.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            node = node.isArray() ? element(node, name) : node.get(name);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    private void collectAnchors(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        anchor(schema, schema.get("$anchor"));
        anchor(schema, schema.get("$dynamicAnchor"));
        JsonNode id = schema.get("$id");
        if (id != null && id.isString() && id.asString().startsWith("#") && schema != root) {
            anchors.putIfAbsent(id.asString().substring(1), schema);
        }
        Subschemas.each(schema, true, (keyword, member, subschema) -> collectAnchors(subschema));
    }

    private void anchor(JsonNode schema, JsonNode name) {
        if (name != null && name.isString()) {
            anchors.putIfAbsent(name.asString(), schema);
        }
    }

    private static JsonNode element(JsonNode array, String token) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return array.get(Integer.parseInt(token));
    }

    /** A fragment with its %-escapes decoded ({@code +} stays a plus sign); null when it is malformed. */
    private static String decode(String fragment) {
        if (fragment.indexOf('%') < 0) {
            return fragment;
        }
        try {
            return URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.promptengine.adapters.llm.schema;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * What a tenant's schema may not do, checked before any library sees it, because tenant schemas are hostile:
 * refer to anything outside itself (nothing is ever fetched), embed other schema resources, switch drafts midway,
 * use a {@code pattern} that does not compile, or be large enough once its references are followed to make one
 * validation expensive.
 *
 * <p>Size is counted by expanding references: each use of a {@code $ref} counts its target again, since a
 * validation may evaluate it again. That is what stops a short schema of {@code anyOf}s that refer twice to the
 * next level from doubling its work at every level. A reference back to a schema it is inside (a recursive
 * schema, such as a tree) is not expanded: its work grows with the document, and the validator bounds that with
 * evaluation limits.
 */
final class SchemaGuard {

    static final int MAX_SUBSCHEMAS = 1000;
    static final int MAX_COMBINATOR_NESTING = 8;

    private final JsonNode root;
    private final LocalRefs refs;
    /** The targets of the references being expanded now, by identity. */
    private final Set<JsonNode> followed = Collections.newSetFromMap(new IdentityHashMap<>());
    private int expanded;

    private SchemaGuard(JsonNode root) {
        this.root = root;
        this.refs = new LocalRefs(root);
    }

    /** What is wrong with {@code root}, as {@code /json/pointer: what}; empty when nothing is. */
    static Optional<String> problem(JsonNode root) {
        SchemaGuard guard = new SchemaGuard(root);
        try {
            guard.inspect(root, "");
            guard.expand(root, "", 0);
            return Optional.empty();
        } catch (Refused refused) {
            return Optional.of(refused.getMessage());
        }
    }

    /** Every schema written in the document, references not followed. */
    private void inspect(JsonNode schema, String at) {
        check(schema, at);
        Subschemas.each(schema, true,
                (keyword, member, subschema) -> inspect(subschema, Subschemas.pointer(at, keyword, member)));
    }

    /**
     * One schema's own keywords. Also run on every schema that expanding references reaches, because a pointer
     * may lead where {@link #inspect} does not look, such as into an unknown keyword.
     */
    private void check(JsonNode schema, String at) {
        if (!schema.isObject()) {
            return;
        }
        if (schema != root) {
            JsonNode draft = schema.get("$schema");
            if (draft != null && !draft.equals(root.get("$schema"))) {
                throw new Refused(at + "/$schema: a subschema may not switch to another draft");
            }
            JsonNode id = schema.get("$id");
            if (id != null && id.isString() && !id.asString().startsWith("#")) {
                throw new Refused(at + "/$id: embedded schema resources are not supported; put the schema under "
                        + "$defs and refer to it as #/$defs/name");
            }
        }
        reference(schema, at, "$ref");
        reference(schema, at, "$dynamicRef");
        JsonNode pattern = schema.get("pattern");
        if (pattern != null && pattern.isString()) {
            compiles(pattern.asString(), at + "/pattern");
        }
        JsonNode patternProperties = schema.get("patternProperties");
        if (patternProperties != null && patternProperties.isObject()) {
            for (String regex : patternProperties.propertyNames()) {
                compiles(regex, at + "/patternProperties");
            }
        }
    }

    private void reference(JsonNode schema, String at, String keyword) {
        JsonNode ref = schema.get(keyword);
        if (ref == null || !ref.isString()) {
            return;
        }
        String target = ref.asString();
        if (!LocalRefs.isLocal(target)) {
            throw new Refused(at + "/" + keyword + ": '" + target + "' is outside this schema, and remote "
                    + "references are never fetched; refer to a part of this schema, such as #/$defs/name");
        }
        Optional<JsonNode> resolved = refs.resolve(target);
        if (resolved.isEmpty() || !Subschemas.isSchema(resolved.get())) {
            throw new Refused(at + "/" + keyword + ": '" + target + "' does not point to a schema in this document");
        }
    }

    private static void compiles(String regex, String at) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Refused(at + ": '" + regex + "' is not a valid regular expression (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")");
        }
    }

    /** The schemas a validation may apply, references followed; counts them and the nesting of combinators. */
    private void expand(JsonNode schema, String at, int combinators) {
        if (++expanded > MAX_SUBSCHEMAS) {
            throw new Refused("the schema has more than " + MAX_SUBSCHEMAS
                    + " subschemas, counting the target of a $ref again at each use");
        }
        check(schema, at);
        if (!schema.isObject()) {
            return;
        }
        follow(schema.get("$ref"), combinators);
        follow(schema.get("$dynamicRef"), combinators);
        Subschemas.each(schema, false, (keyword, member, subschema) -> {
            int nesting = Subschemas.COMBINATORS.contains(keyword) ? combinators + 1 : combinators;
            if (nesting > MAX_COMBINATOR_NESTING) {
                throw new Refused("allOf, anyOf, oneOf and not are nested more than " + MAX_COMBINATOR_NESTING
                        + " deep, counting through $ref");
            }
            expand(subschema, Subschemas.pointer(at, keyword, member), nesting);
        });
    }

    /** Expands the target of a reference that {@link #check} has accepted, unless it is inside it already. */
    private void follow(JsonNode ref, int combinators) {
        if (ref == null || !ref.isString()) {
            return;
        }
        String local = ref.asString();
        JsonNode target = refs.resolve(local).orElseThrow();
        if (!followed.add(target)) {
            return;
        }
        expand(target, local.startsWith("#/") ? local.substring(1) : local, combinators);
        followed.remove(target);
    }

    /** Ends the inspection at the first problem; carries no stack trace, it is an answer, not a failure. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}

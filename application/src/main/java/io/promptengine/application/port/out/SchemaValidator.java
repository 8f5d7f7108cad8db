package io.promptengine.application.port.out;

import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * JSON Schema for tenant contracts (draft 2020-12 and draft-07). Tenant schemas are hostile: an adapter never
 * fetches a remote {@code $ref}, bounds size and nesting, and keeps a pathological {@code pattern} or nesting of
 * {@code anyOf} from hanging a request.
 */
public interface SchemaValidator {

    /**
     * Refuses a schema that cannot be used, when it is saved: not JSON, not a valid schema of a supported draft,
     * a remote reference, too large or too deep. Throws {@code InvalidInputException} on {@code field} saying what
     * is wrong.
     */
    void check(String field, SchemaContract schema);

    /**
     * The violations of {@code json} against {@code schema}, most useful first, worded as the public API documents
     * do ({@code Field 'text' is required}, {@code Field 'max_length' must be an integer},
     * {@code Field 'max_length' must be between 10 and 1000}); empty when it conforms. A document that is not JSON
     * is one violation on the root.
     */
    List<Violation> validate(SchemaContract schema, String json);

    /** The property paths the schema declares ({@code text}, {@code options}, {@code options.format}). */
    Set<String> declaredPaths(SchemaContract schema);

    /**
     * A compact JSON document that satisfies {@code schema} as far as the adapter can, its strings filled from
     * {@code text}: the sample request of an endpoint's documentation.
     */
    String example(SchemaContract schema, String text);

    /** One way a document breaks its schema. {@code field} is a dotted path ({@code options.format}); empty for the root. */
    record Violation(String field, String message) {
        public Violation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }
}

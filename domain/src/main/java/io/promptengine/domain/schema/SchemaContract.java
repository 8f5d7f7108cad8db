package io.promptengine.domain.schema;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * A tenant's JSON Schema document (draft 2020-12 or draft-07), kept as the text the tenant sent. Whether it is a
 * valid schema, and whether a document satisfies it, is for the schema adapter to say when it is saved and used;
 * here only its size is bounded, because tenant schemas are hostile input.
 */
public record SchemaContract(String document) {

    public static final int MAX_CHARS = 64 * 1024;

    public SchemaContract {
        Objects.requireNonNull(document, "document");
        if (document.isBlank()) {
            throw new InvalidInputException("schema", "A schema must not be empty");
        }
        if (document.length() > MAX_CHARS) {
            throw new InvalidInputException("schema", "A schema must be at most " + MAX_CHARS + " characters");
        }
    }
}

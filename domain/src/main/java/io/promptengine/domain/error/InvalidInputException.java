package io.promptengine.domain.error;

import java.util.Optional;

/** The caller sent something we refuse before doing any work; names the offending field when there is one. */
public final class InvalidInputException extends PromptEngineException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(ErrorKind.VALIDATION, message);
        this.field = field;
    }

    public InvalidInputException(String message) {
        this(null, message);
    }

    /** {@code Field 'name' is required}, in the wording of the public API documents. */
    public static InvalidInputException required(String field) {
        return new InvalidInputException(field, "Field '" + field + "' is required");
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}

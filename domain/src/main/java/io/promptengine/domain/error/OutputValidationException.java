package io.promptengine.domain.error;

/** The model's answer broke the output schema, and asking once more with the violations did not mend it. */
public final class OutputValidationException extends PromptEngineException {

    public OutputValidationException(String message) {
        super(ErrorKind.OUTPUT_VALIDATION_FAILED, message);
    }
}

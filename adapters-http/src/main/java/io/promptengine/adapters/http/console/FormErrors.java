package io.promptengine.adapters.http.console;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a form was refused, as the API would have said it: a message the error names a field for is shown next to
 * that field (the field is named as in the API's JSON, which the form's inputs are named after); any other above
 * the form.
 *
 * @param fields the messages by field name
 * @param general the message of no field
 */
record FormErrors(Map<String, String> fields, Optional<String> general) {

    static final FormErrors NONE = new FormErrors(Map.of(), Optional.empty());

    FormErrors {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(general, "general");
    }

    static FormErrors of(PromptEngineException refusal) {
        Optional<String> field = refusal instanceof InvalidInputException invalid ? invalid.field() : Optional.empty();
        return field.map(name -> new FormErrors(Map.of(name, refusal.getMessage()), Optional.empty()))
                .orElseGet(() -> new FormErrors(Map.of(), Optional.of(refusal.getMessage())));
    }

    static FormErrors field(String name, String message) {
        return new FormErrors(Map.of(name, message), Optional.empty());
    }

    boolean any() {
        return !fields.isEmpty() || general.isPresent();
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    String of(String field) {
        return fields.getOrDefault(field, "");
    }

    /** The id of the element that shows the field's error, for the input's {@code aria-describedby}. */
    static String idOf(String field) {
        return "error-" + field;
    }
}

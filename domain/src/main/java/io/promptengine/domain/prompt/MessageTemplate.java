package io.promptengine.domain.prompt;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * The Mustache templates of a prompt version: an optional system message and the user message. Variables come
 * from the call's input; values are inserted literally and never rendered again as template.
 */
public record MessageTemplate(Optional<String> system, String user) {

    public static final int MAX_CHARS = 32 * 1024;

    public MessageTemplate {
        Objects.requireNonNull(system, "system");
        if (user == null) {
            throw InvalidInputException.required("user_template");
        }
        if (user.isBlank()) {
            throw new InvalidInputException("user_template", "Field 'user_template' must not be empty");
        }
        if (user.length() > MAX_CHARS || system.map(String::length).orElse(0) > MAX_CHARS) {
            throw new InvalidInputException(user.length() > MAX_CHARS ? "user_template" : "system_template",
                    "A template must be at most " + MAX_CHARS + " characters");
        }
    }
}

package io.promptengine.domain.prompt;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Sampling settings sent with a model call; absent values leave the provider's default in force. */
public record ModelParameters(OptionalDouble temperature, OptionalInt maxTokens) {

    public static final ModelParameters DEFAULTS = new ModelParameters(OptionalDouble.empty(), OptionalInt.empty());

    public ModelParameters {
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        if (temperature.isPresent()) {
            double t = temperature.getAsDouble();
            if (Double.isNaN(t) || t < 0.0 || t > 1.0) {
                throw new InvalidInputException("temperature", "Field 'temperature' must be between 0.0 and 1.0");
            }
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() <= 0) {
            throw new InvalidInputException("max_tokens", "Field 'max_tokens' must be greater than 0");
        }
    }
}

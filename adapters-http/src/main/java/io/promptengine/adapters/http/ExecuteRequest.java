package io.promptengine.adapters.http;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.ModelParameters;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/prompt/execute}, checked field by field in the wording of the public API document.
 * Unknown fields are refused, so a typo such as {@code max_token} fails loudly instead of being ignored; optional
 * fields are either absent or of their type ({@code null} is not a value for any of them).
 */
record ExecuteRequest(String model, String input, OptionalDouble temperature, OptionalInt maxTokens, boolean async) {

    static final Set<String> FIELDS = Set.of("model", "input", "temperature", "max_tokens", "async");
    private static final String FIELD_LIST = "model, input, temperature, max_tokens, async";

    static ExecuteRequest from(JsonNode body) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (!FIELDS.contains(property.getKey())) {
                throw new InvalidInputException(property.getKey(), "Field '" + property.getKey()
                        + "' is not allowed; the fields are " + FIELD_LIST);
            }
        }
        return new ExecuteRequest(
                requiredString(body, "model"),
                requiredString(body, "input"),
                optionalNumber(body, "temperature"),
                optionalInteger(body, "max_tokens"),
                optionalBoolean(body, "async"));
    }

    ExecutePromptCommand toCommand(Caller caller, String requestId, Optional<String> idempotencyKey) {
        return new ExecutePromptCommand(caller, model, input, new ModelParameters(temperature, maxTokens), requestId,
                idempotencyKey);
    }

    private static String requiredString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            throw InvalidInputException.required(field);
        }
        if (!value.isString()) {
            throw mustBe(field, "a string");
        }
        return value.stringValue();
    }

    private static OptionalDouble optionalNumber(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw mustBe(field, "a number");
        }
        return OptionalDouble.of(value.doubleValue());
    }

    /** A JSON integer, or a number with no fractional part ({@code 10.0}), as JSON Schema counts integers. */
    private static OptionalInt optionalInteger(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.isNumber()) {
            throw mustBe(field, "an integer");
        }
        double number = value.doubleValue();
        if (!value.isIntegralNumber() && (Double.isInfinite(number) || number != Math.rint(number))) {
            throw mustBe(field, "an integer");
        }
        if (value.isIntegralNumber() ? value.canConvertToInt() : Math.abs(number) <= Integer.MAX_VALUE) {
            return OptionalInt.of(value.isIntegralNumber() ? value.intValue() : (int) number);
        }
        if (number < 0) {
            throw new InvalidInputException(field, "Field '" + field + "' must be greater than 0");
        }
        throw new InvalidInputException(field, "Field '" + field + "' must be at most " + Integer.MAX_VALUE);
    }

    private static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw mustBe(field, "a boolean");
        }
        return value.booleanValue();
    }

    private static InvalidInputException mustBe(String field, String what) {
        return new InvalidInputException(field, "Field '" + field + "' must be " + what);
    }
}

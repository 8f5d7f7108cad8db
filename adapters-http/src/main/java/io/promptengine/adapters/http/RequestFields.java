package io.promptengine.adapters.http;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON request body strictly, in the wording of the public API documents: unknown fields are
 * refused, so a typo fails loudly instead of being ignored; optional fields are either absent or of their type
 * ({@code null} is not a value for any of them).
 */
final class RequestFields {

    private RequestFields() {
    }

    /** Refuses the first field not in {@code allowed}, listing the allowed ones. */
    static void refuseUnknown(JsonNode body, Set<String> allowed, String allowedList) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (!allowed.contains(property.getKey())) {
                throw new InvalidInputException(property.getKey(), "Field '" + property.getKey()
                        + "' is not allowed; the fields are " + allowedList);
            }
        }
    }

    static String requiredString(JsonNode body, String field) {
        return optionalString(body, field).orElseThrow(() -> InvalidInputException.required(field));
    }

    static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw mustBe(field, "a string");
        }
        return Optional.of(value.stringValue());
    }

    static OptionalDouble optionalNumber(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw mustBe(field, "a number");
        }
        return OptionalDouble.of(doubleOf(value));
    }

    /**
     * A JSON number as a double; an integer too large for one is infinite (Jackson's {@code doubleValue} throws for
     * it instead, which would surface as a 500), so that the field's range check refuses it.
     */
    private static double doubleOf(JsonNode number) {
        return number.isBigInteger() ? number.bigIntegerValue().doubleValue() : number.doubleValue();
    }

    static OptionalInt optionalInteger(JsonNode body, String field) {
        OptionalLong value = optionalWholeNumber(body, field, Integer.MAX_VALUE);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong optionalLong(JsonNode body, String field) {
        return optionalWholeNumber(body, field, Long.MAX_VALUE);
    }

    /**
     * A JSON integer, or a number with no fractional part ({@code 10.0}), as JSON Schema counts integers, within
     * {@code ±max}. Whether it must be positive is the core's rule, not this one's.
     */
    private static OptionalLong optionalWholeNumber(JsonNode body, String field, long max) {
        JsonNode value = body.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isNumber()) {
            throw mustBe(field, "an integer");
        }
        double number = doubleOf(value);
        if (!value.isIntegralNumber() && (Double.isInfinite(number) || number != Math.rint(number))) {
            throw mustBe(field, "an integer");
        }
        boolean inRange = value.isIntegralNumber()
                ? value.canConvertToLong() && Math.abs(value.longValue()) <= max && value.longValue() != Long.MIN_VALUE
                : Math.abs(number) <= max && Math.abs(number) < 0x1p63;
        if (inRange) {
            return OptionalLong.of(value.isIntegralNumber() ? value.longValue() : (long) number);
        }
        if (number < 0) {
            throw new InvalidInputException(field, "Field '" + field + "' must be greater than 0");
        }
        throw new InvalidInputException(field, "Field '" + field + "' must be at most " + max);
    }

    static Optional<Boolean> optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw mustBe(field, "a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    static List<String> requiredStringArray(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            throw InvalidInputException.required(field);
        }
        if (!value.isArray()) {
            throw mustBe(field, "an array of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw mustBe(field, "an array of strings");
            }
            items.add(item.stringValue());
        }
        return items;
    }

    /** RFC 3339: a date, a time and an offset ({@code Z} or {@code ±hh:mm}). */
    static Optional<Instant> optionalDateTime(JsonNode body, String field) {
        return optionalString(body, field).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw mustBe(field, "an RFC 3339 date-time such as 2025-05-29T10:15:30Z");
            }
        });
    }

    static InvalidInputException mustBe(String field, String what) {
        return new InvalidInputException(field, "Field '" + field + "' must be " + what);
    }
}

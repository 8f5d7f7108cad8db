package io.promptengine.adapters.llm.spi;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One field that a provider kind reads from its providers-file entry, with the type its value must have.
 *
 * <p>A kind declares its settings instead of reading the entry itself so that every kind, built in or from a
 * plugin, is checked in one place at start, with one set of messages that name the file, the line and the field;
 * and so that a secret never has to be written in the file: a {@link Type#SECRET_FROM_ENVIRONMENT} field names the
 * environment variable that holds it.
 *
 * <pre>{@code
 * static final Setting<URI> BASE_URL = Setting.url("base_url").required();
 * static final Setting<String> API_KEY = Setting.secretFromEnvironment("api_key_env");
 * }</pre>
 *
 * @param <T> the Java type of a checked value: {@link String}, {@link URI} or {@link Long}
 */
public final class Setting<T> {

    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** What a value must be, and what it becomes once checked. */
    public enum Type {
        /** A non-empty string, stripped of surrounding white space: a {@link String}. */
        TEXT,
        /** An {@code http} or {@code https} URL with a host: a {@link URI}. */
        URL,
        /**
         * The name of an environment variable that holds a secret (the secret itself never goes in the file); the
         * variable must be set and not blank, and its value is the {@link String} the factory receives.
         */
        SECRET_FROM_ENVIRONMENT,
        /** An integral JSON number within the range of a {@code long}: a {@link Long}. */
        WHOLE_NUMBER
    }

    private final String field;
    private final Type type;
    private final boolean required;

    private Setting(String field, Type type, boolean required) {
        this.field = Objects.requireNonNull(field, "field");
        if (!FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("a setting's field is 1 to 64 lower-case letters, digits or '_', "
                    + "starting with a letter, not '" + field + "'");
        }
        this.type = Objects.requireNonNull(type, "type");
        this.required = required;
    }

    /** An optional {@link Type#TEXT} field. */
    public static Setting<String> text(String field) {
        return new Setting<>(field, Type.TEXT, false);
    }

    /** An optional {@link Type#URL} field. */
    public static Setting<URI> url(String field) {
        return new Setting<>(field, Type.URL, false);
    }

    /** An optional {@link Type#SECRET_FROM_ENVIRONMENT} field, such as {@code api_key_env}. */
    public static Setting<String> secretFromEnvironment(String field) {
        return new Setting<>(field, Type.SECRET_FROM_ENVIRONMENT, false);
    }

    /** An optional {@link Type#WHOLE_NUMBER} field. */
    public static Setting<Long> wholeNumber(String field) {
        return new Setting<>(field, Type.WHOLE_NUMBER, false);
    }

    /** This setting, which an entry of the kind must then give. */
    public Setting<T> required() {
        return new Setting<>(field, type, true);
    }

    /** The name of the field in a providers-file entry. */
    public String field() {
        return field;
    }

    /** What its value must be. */
    public Type type() {
        return type;
    }

    /** Whether an entry of the kind must give it. */
    public boolean isRequired() {
        return required;
    }

    /**
     * The checked value of {@code raw}, a value as read from the file (a {@link String}, a {@link Number}, a
     * {@link Boolean}, a list, a map or {@code null}).
     *
     * @throws IllegalArgumentException saying what is wrong with the value, never quoting a secret
     */
    Object check(Object raw, Function<String, Optional<String>> environment) {
        return switch (type) {
            case TEXT -> nonEmptyString(raw);
            case URL -> httpUrl(nonEmptyString(raw));
            case SECRET_FROM_ENVIRONMENT -> secretValue(nonEmptyString(raw), environment);
            case WHOLE_NUMBER -> wholeNumberValue(raw);
        };
    }

    private static String nonEmptyString(Object raw) {
        if (!(raw instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("must be a non-empty string");
        }
        return text.strip();
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below, in the same words as any other URL that is not one
        }
        throw new IllegalArgumentException("'" + text + "' is not an http or https URL");
    }

    private static String secretValue(String variable, Function<String, Optional<String>> environment) {
        if (!VARIABLE.matcher(variable).matches()) {
            throw new IllegalArgumentException("must name an environment variable, such as GROQ_API_KEY (the key "
                    + "itself never goes in the file)");
        }
        return environment.apply(variable).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("environment variable " + variable + " is not set"));
    }

    private static Long wholeNumberValue(Object raw) {
        if (raw instanceof Number) {
            try {
                // through the decimal text, so that 3.0 is three and 3.5, NaN or 1e30 are refused, not rounded
                return new BigDecimal(raw.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                // answered below
            }
        }
        throw new IllegalArgumentException("must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setting<?> setting && field.equals(setting.field) && type == setting.type
                && required == setting.required;
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, type, required);
    }

    @Override
    public String toString() {
        return field + " (" + type.name().toLowerCase(Locale.ROOT) + (required ? ", required)" : ")");
    }
}

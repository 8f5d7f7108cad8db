package io.promptengine.adapters.llm.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checked settings of one providers-file entry, as its kind declared them ({@link
 * ModelProviderFactory#settings()}): what a factory's {@code create} reads, in plain Java types, with every value
 * already valid. {@link #toString()} never prints a secret.
 */
public final class ProviderSettings {

    private final String kind;
    private final Map<String, Setting<?>> declared;
    private final Map<String, Object> values;

    private ProviderSettings(String kind, Map<String, Setting<?>> declared, Map<String, Object> values) {
        this.kind = kind;
        this.declared = declared;
        this.values = values;
    }

    /**
     * Checks {@code raw}, an entry's kind-specific fields as plain Java values (strings, numbers, booleans, lists,
     * maps; the common fields of {@link ModelProviderFactory#COMMON_FIELDS} left out), against the settings {@code
     * factory} declares.
     *
     * @param environment where a {@link Setting.Type#SECRET_FROM_ENVIRONMENT} field's variable is looked up
     * @throws InvalidSettingException for the first field, in the order the kind declares them, that is unknown,
     *     missing or wrong, or the first breach of the factory's own {@link ModelProviderFactory#validate} rules
     */
    public static ProviderSettings check(ModelProviderFactory factory, Map<String, ?> raw,
            Function<String, Optional<String>> environment) {
        Objects.requireNonNull(environment, "environment");
        String kind = factory.kind();
        Map<String, Setting<?>> declared = new LinkedHashMap<>();
        factory.settings().forEach(setting -> declared.put(setting.field(), setting));
        for (String field : raw.keySet()) {
            if (!declared.containsKey(field)) {
                throw new InvalidSettingException(field, "unknown field; kind " + kind + " reads "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : declared.values()) {
            if (raw.containsKey(setting.field())) {
                try {
                    values.put(setting.field(), setting.check(raw.get(setting.field()), environment));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException(setting.field(), e.getMessage());
                }
            } else if (setting.isRequired()) {
                throw new InvalidSettingException(setting.field(), "required for kind " + kind);
            }
        }
        ProviderSettings settings = new ProviderSettings(kind, Collections.unmodifiableMap(declared),
                Collections.unmodifiableMap(values));
        factory.validate(settings);
        return settings;
    }

    /** The kind whose settings these are. */
    public String kind() {
        return kind;
    }

    /**
     * The value of an optional setting, when the entry gives it.
     *
     * @throws IllegalArgumentException when the kind does not declare {@code setting}: a mistake in the factory
     */
    public <T> Optional<T> find(Setting<T> setting) {
        declaredAs(setting);
        @SuppressWarnings("unchecked") // check() stored a value of the setting's own type under its field
        T value = (T) values.get(setting.field());
        return Optional.ofNullable(value);
    }

    /**
     * The value of a required setting, which a checked entry always has.
     *
     * @throws IllegalArgumentException when the kind does not declare {@code setting} as required: use {@link #find}
     *     for an optional one
     */
    public <T> T get(Setting<T> setting) {
        if (!declaredAs(setting).isRequired()) {
            throw new IllegalArgumentException("setting " + setting.field() + " of kind " + kind
                    + " is optional; read it with find");
        }
        return find(setting).orElseThrow();
    }

    private Setting<?> declaredAs(Setting<?> setting) {
        Setting<?> own = declared.get(setting.field());
        if (own == null || own.type() != setting.type()) {
            throw new IllegalArgumentException("kind " + kind + " declares no setting " + setting.field() + " of type "
                    + setting.type() + "; it declares " + List.copyOf(declared.values()));
        }
        return own;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderSettings settings && kind.equals(settings.kind)
                && declared.equals(settings.declared) && values.equals(settings.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, values);
    }

    /** The values, with each secret shown as {@code (set)}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(value -> value.getKey() + "=" + (declared.get(value.getKey()).type()
                        == Setting.Type.SECRET_FROM_ENVIRONMENT ? "(set)" : value.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}

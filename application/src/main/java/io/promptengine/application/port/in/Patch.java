package io.promptengine.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * What a partial update does to one optional field: leaves it as it is, sets it, or clears it.
 *
 * @param unchanged whether the field is left as it is; when not, {@code value} replaces it (empty clears it)
 */
public record Patch<T>(boolean unchanged, Optional<T> value) {

    public Patch {
        Objects.requireNonNull(value, "value");
        if (unchanged && value.isPresent()) {
            throw new IllegalArgumentException("a kept field takes no new value");
        }
    }

    public static <T> Patch<T> keep() {
        return new Patch<>(true, Optional.empty());
    }

    public static <T> Patch<T> set(T value) {
        return new Patch<>(false, Optional.of(value));
    }

    public static <T> Patch<T> clear() {
        return new Patch<>(false, Optional.empty());
    }

    /** The field's value after this update. */
    public Optional<T> applyTo(Optional<T> current) {
        return unchanged ? current : value;
    }
}

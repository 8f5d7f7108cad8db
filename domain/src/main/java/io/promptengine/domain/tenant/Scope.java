package io.promptengine.domain.tenant;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Locale;

/** What an API key may do. */
public enum Scope {
    /** Run prompts: the execute API, tenant endpoints, prompts by UUID. */
    EXECUTE,
    /** Read executions, usage and definitions. */
    READ,
    /** Change definitions and keys. */
    MANAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWire(String value) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(value)) {
                return scope;
            }
        }
        throw new InvalidInputException("scopes", "Unknown scope '" + value + "'; use execute, read or manage");
    }
}

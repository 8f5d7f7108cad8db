package io.promptengine.domain.audit;

import java.util.Locale;

/** What kind of thing a management change changed. */
public enum TargetType {
    API_KEY,
    ENDPOINT,
    PROMPT,
    PROMPT_VERSION,
    PLAN,
    TENANT,
    OPERATOR_KEY,
    WEBHOOK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetType fromWire(String value) {
        for (TargetType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown target type: " + value);
    }
}

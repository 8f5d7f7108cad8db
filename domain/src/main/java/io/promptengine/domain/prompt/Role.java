package io.promptengine.domain.prompt;

import java.util.Locale;

/** Who speaks a message in a chat exchange. */
public enum Role {
    SYSTEM, USER, ASSISTANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

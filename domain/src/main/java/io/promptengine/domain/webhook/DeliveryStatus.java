package io.promptengine.domain.webhook;

import java.util.Locale;

/** Where a delivery stands: waiting for an attempt (a first one or a retry), delivered, or given up. */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus fromWire(String value) {
        for (DeliveryStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown delivery status: " + value);
    }
}

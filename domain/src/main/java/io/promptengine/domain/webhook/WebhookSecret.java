package io.promptengine.domain.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The key a webhook endpoint's deliveries are signed with, in the Standard Webhooks form {@code whsec_<base64>}:
 * the base64 (standard alphabet, padded) of 32 random bytes. Kept in clear by the store, since signing needs it;
 * shown to the endpoint's owner once, when it is made. {@link #toString()} never shows it.
 */
public record WebhookSecret(String value) {

    public static final String PREFIX = "whsec_";
    private static final int KEY_BYTES = 32;
    /** The specification allows keys of 24 to 64 bytes. */
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    public WebhookSecret {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        int length = decode(value).length;
        if (length < MIN_KEY_BYTES || length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes");
        }
    }

    /** A new secret of 32 random bytes. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** The HMAC key: the bytes the base64 after the prefix encodes. */
    public byte[] key() {
        return decode(value);
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is " + PREFIX + " followed by base64");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret secret && Arrays.equals(key(), secret.key());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key());
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + PREFIX + "…]";
    }
}

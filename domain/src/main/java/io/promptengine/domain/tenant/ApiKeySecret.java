package io.promptengine.domain.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret a client presents. It exists in memory only: it is shown once at creation and stored as its
 * {@link #hash()} plus a short visible {@link #prefix()}.
 *
 * <p>A generated secret carries 256 random bits, so a plain SHA-256 is a sound verifier: there is no
 * dictionary to attack, and a fast hash keeps authentication off the request's critical path.
 */
public final class ApiKeySecret {

    public static final String LIVE_PREFIX = "pe_live_";
    /** Operator keys look different, so that nobody mistakes one for a tenant's key. */
    public static final String OPERATOR_PREFIX = "pe_admin_";
    private static final int RANDOM_BYTES = 32;
    private static final int VISIBLE_CHARS = 12;

    private final String value;

    private ApiKeySecret(String value) {
        this.value = value;
    }

    /** A fresh secret: {@code pe_live_} followed by 32 random bytes, base64url without padding. */
    public static ApiKeySecret generate(SecureRandom random) {
        return generate(random, LIVE_PREFIX);
    }

    /** A fresh operator secret: {@code pe_admin_} followed by 32 random bytes, base64url without padding. */
    public static ApiKeySecret generateOperator(SecureRandom random) {
        return generate(random, OPERATOR_PREFIX);
    }

    private static ApiKeySecret generate(SecureRandom random, String prefix) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new ApiKeySecret(prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * A secret as presented by a client or chosen by an operator. Surrounding whitespace is dropped: a header
     * value or an environment variable often carries some, and every path must hash the same characters.
     */
    public static ApiKeySecret of(String presented) {
        Objects.requireNonNull(presented, "presented");
        if (presented.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
        return new ApiKeySecret(presented.strip());
    }

    /** Hex SHA-256 of the secret; what the store keeps and looks keys up by. */
    public String hash() {
        return hash(value);
    }

    public static String hash(String presented) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(presented.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** The first characters, enough for a person to tell keys apart in a list; useless for authenticating. */
    public String prefix() {
        return value.substring(0, Math.min(VISIBLE_CHARS, value.length() / 2));
    }

    /** The secret itself, for the one response that shows it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return prefix() + "…";
    }
}

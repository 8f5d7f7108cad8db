package io.promptengine.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * The {@code webhook-signature} header of the Standard Webhooks specification: for each secret, {@code v1,} and
 * the base64 of the HMAC-SHA256, under the secret's key, of {@code "<webhook-id>.<webhook-timestamp>.<body>"};
 * several signatures are separated by spaces. HMAC (RFC 2104) is computed here over the JDK's SHA-256, as the
 * domain uses {@code java.*} alone; the tests check it against {@code javax.crypto.Mac}.
 */
public final class WebhookSignature {

    private static final int BLOCK = 64;

    private WebhookSignature() {
    }

    /** The header's value, one signature per secret, in the order given. */
    public static String header(String webhookId, long timestamp, byte[] body, List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret signs a delivery");
        }
        StringJoiner header = new StringJoiner(" ");
        for (WebhookSecret secret : secrets) {
            header.add(sign(webhookId, timestamp, body, secret));
        }
        return header.toString();
    }

    /** One signature: {@code v1,<base64>}. */
    public static String sign(String webhookId, long timestamp, byte[] body, WebhookSecret secret) {
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmacSha256(secret.key(), content));
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        byte[] block = new byte[BLOCK];
        byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        MessageDigest digest = sha256();
        digest.update(inner);
        byte[] innerHash = digest.digest(message);
        digest.update(outer);
        return digest.digest(innerHash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

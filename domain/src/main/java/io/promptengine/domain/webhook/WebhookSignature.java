package io.promptengine.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-signature} header of the Standard Webhooks specification: for each secret, {@code v1,} and
 * the base64 of the HMAC-SHA256, under the secret's key, of {@code "<webhook-id>.<webhook-timestamp>.<body>"};
 * several signatures are separated by spaces, with the JDK's {@code HmacSHA256}.
 */
public final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

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
        Mac mac = hmacSha256(secret.key());
        mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        Mac mac = hmacSha256(key);
        return mac.doFinal(message);
    }

    private static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256 and takes any key for it", e);
        }
    }
}

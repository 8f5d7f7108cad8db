package io.promptengine.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification's reference libraries. */
    private static final WebhookSecret SPEC_SECRET = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void sign_matchesTheSpecificationsExample() {
        assertThat(WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY.getBytes(StandardCharsets.UTF_8),
                SPEC_SECRET)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void hmac_agreesWithTheJdksMac_forKeysAndMessagesOfEveryLength() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int keyLength : new int[] {1, 24, 32, 63, 64, 65, 100}) {
            for (int messageLength : new int[] {0, 1, 55, 64, 1000}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                assertThat(WebhookSignature.hmacSha256(key, message)).isEqualTo(mac.doFinal(message));
            }
        }
    }

    @Test
    void header_signsWithEverySecret_inOrder_separatedBySpaces() {
        WebhookSecret other = WebhookSecret.generate(new SecureRandom());
        byte[] body = SPEC_BODY.getBytes(StandardCharsets.UTF_8);

        String header = WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, body, List.of(SPEC_SECRET, other));

        assertThat(header).isEqualTo(SPEC_SIGNATURE + " " + WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, body,
                other));
        assertThatThrownBy(() -> WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, body, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecret_isWhsecAndBase64OfEnoughBytes_andNeverShowsItself() {
        WebhookSecret generated = WebhookSecret.generate(new SecureRandom());

        assertThat(generated.value()).startsWith("whsec_");
        assertThat(generated.key()).hasSize(32);
        assertThat(generated.toString()).doesNotContain(generated.value().substring(6));
        assertThatThrownBy(() -> new WebhookSecret("sk_abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSecret("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSecret("whsec_***")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.promptengine.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorKeyTest {

    @Test
    void givenSecret_of_keepsItsHashAndPrefixButNotTheSecret() {
        ApiKeySecret secret = ApiKeySecret.generateOperator(new SecureRandom());
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        OperatorKey key = OperatorKey.of(secret, now);

        assertThat(key.secretHash()).isEqualTo(secret.hash());
        assertThat(key.prefix()).isEqualTo(secret.prefix()).startsWith("pe_admin_");
        assertThat(key.createdAt()).isEqualTo(now);
        assertThat(key.toString()).doesNotContain(secret.reveal());
    }
}

package io.promptengine.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeySecretTest {

    private static final String FORMAT = "pe_live_[A-Za-z0-9_-]{43}";

    @Test
    void givenRandomSource_generate_isLivePrefixAndFortyThreeBase64UrlCharacters() {
        String secret = ApiKeySecret.generate(new SecureRandom()).reveal();

        assertThat(secret).matches(FORMAT);
    }

    @Test
    void givenRandomSource_generateOperator_isAdminPrefixAndFortyThreeBase64UrlCharacters() {
        String secret = ApiKeySecret.generateOperator(new SecureRandom()).reveal();

        assertThat(secret).matches("pe_admin_[A-Za-z0-9_-]{43}");
    }

    @Test
    void givenFixedBytes_generate_encodesThemAsUnpaddedBase64Url() {
        String secret = ApiKeySecret.generate(new FixedRandom((byte) 0xFB)).reveal();

        // 0xFB bytes encode to '+' and '/' in plain base64: base64url must turn them into '-' and '_'.
        assertThat(secret).isEqualTo("pe_live_" + "-_v7".repeat(10) + "-_s");
    }

    @Test
    void givenManyGenerations_secrets_areAllDifferent() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            seen.add(ApiKeySecret.generate(random).reveal());
        }

        assertThat(seen).hasSize(1_000);
    }

    @Test
    void givenKnownSecret_hash_isLowerCaseHexSha256() {
        assertThat(ApiKeySecret.of("abc").hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeySecret.hash("abc")).isEqualTo(ApiKeySecret.of("abc").hash());
    }

    @Test
    void givenSameSecretTwice_hash_isStable() {
        ApiKeySecret secret = ApiKeySecret.generate(new SecureRandom());

        assertThat(ApiKeySecret.of(secret.reveal()).hash()).isEqualTo(secret.hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void givenGeneratedSecret_prefix_showsTwelveCharactersAndHidesTheRest() {
        ApiKeySecret secret = ApiKeySecret.generate(new SecureRandom());

        assertThat(secret.prefix()).hasSize(12).startsWith("pe_live_");
        assertThat(secret.reveal()).startsWith(secret.prefix());
        assertThat(secret.reveal().length() - secret.prefix().length()).isEqualTo(39);
    }

    @Test
    void givenShortConfiguredSecret_prefix_showsAtMostHalfOfIt() {
        assertThat(ApiKeySecret.of("abcdef").prefix()).isEqualTo("abc");
        assertThat(ApiKeySecret.of("x").prefix()).isEmpty();
    }

    @Test
    void givenSecret_toString_showsOnlyThePrefix() {
        ApiKeySecret secret = ApiKeySecret.generate(new SecureRandom());

        assertThat(secret.toString()).isEqualTo(secret.prefix() + "…").doesNotContain(secret.reveal());
        assertThat(ApiKeySecret.of("operator-chosen-secret").toString()).doesNotContain("secret");
    }

    @Test
    void givenSurroundingWhitespace_of_stripsIt() {
        assertThat(ApiKeySecret.of("  pe_live_abc\n").reveal()).isEqualTo("pe_live_abc");
        assertThat(ApiKeySecret.of(" pe_live_abc ").hash()).isEqualTo(ApiKeySecret.hash("pe_live_abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void givenBlankSecret_of_isRefused(String presented) {
        assertThatThrownBy(() -> ApiKeySecret.of(presented)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNullSecret_of_isRefused() {
        assertThatThrownBy(() -> ApiKeySecret.of(null)).isInstanceOf(NullPointerException.class);
    }

    /** Fills every requested byte with one value, so the encoding can be checked character by character. */
    private static final class FixedRandom extends SecureRandom {

        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }
}

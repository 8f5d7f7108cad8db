package io.promptengine.adapters.webhooks.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");
    private static final Duration CAP = Duration.ofHours(24);

    @Test
    void givenDeltaSeconds_parse_isThatWait() {
        assertThat(RetryAfter.parse("120", NOW, CAP)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW, CAP)).contains(Duration.ZERO);
    }

    @Test
    void givenAWaitPastTheCap_parse_isTheCap() {
        assertThat(RetryAfter.parse("86401", NOW, CAP)).contains(CAP);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW, CAP)).contains(CAP);
        assertThat(RetryAfter.parse("Sat, 06 Nov 2094 08:49:37 GMT", NOW, CAP)).contains(CAP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994"})
    void givenAnHttpDateInEachForm_parse_isTheWaitUntilThen(String date) {
        assertThat(RetryAfter.parse(date, NOW, CAP)).contains(Duration.ofSeconds(37));
    }

    @Test
    void givenADateInThePast_parse_isNoWait() {
        assertThat(RetryAfter.parse("Sat, 05 Nov 1994 08:49:37 GMT", NOW, CAP)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "1.5", "soon", "120 s", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Mon, 06 Nov 1994 08:49:37 GMT", "06 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT"})
    void givenAnInvalidValue_parse_isEmpty(String value) {
        assertThat(RetryAfter.parse(value, NOW, CAP)).isEmpty();
    }
}

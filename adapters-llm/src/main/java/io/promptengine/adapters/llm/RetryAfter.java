package io.promptengine.adapters.llm;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider's failed answer says about retrying it: whether its status is a transient one, and how long it
 * asked us to wait. OpenAI sends {@code retry-after-ms} (milliseconds) beside {@code Retry-After}; HTTP defines
 * {@code Retry-After} as delay seconds or an HTTP date. The most precise header present wins; a malformed value is
 * ignored rather than trusted.
 */
public final class RetryAfter {

    /** Rate limited (429), server errors and gateways (500, 502, 503, 504), Anthropic overloaded (529). */
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504, 529);
    /** A longer wait than this is no retry within any execution's deadline; it also bounds the arithmetic. */
    private static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** Whether an answer with this status may succeed when the same call is sent again. */
    public static boolean isTransient(int status) {
        return TRANSIENT.contains(status);
    }

    /** The wait the headers ask for, read at {@code now} (an HTTP date is relative to it). */
    public static Optional<Duration> of(HttpHeaders headers, Instant now) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(RetryAfter::millis);
        return millis.isPresent() ? millis : headers.firstValue("retry-after").flatMap(value -> seconds(value, now));
    }

    private static Optional<Duration> millis(String value) {
        return decimal(value).map(ms -> Duration.ofNanos(ms.min(BigDecimal.valueOf(LONGEST.toMillis()))
                .movePointRight(6).longValue()));
    }

    private static Optional<Duration> seconds(String value, Instant now) {
        Optional<BigDecimal> seconds = decimal(value);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofMillis(seconds.get().min(BigDecimal.valueOf(LONGEST.toSeconds()))
                    .movePointRight(3).longValue()));
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> decimal(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

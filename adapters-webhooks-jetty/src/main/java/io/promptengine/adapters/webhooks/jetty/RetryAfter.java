package io.promptengine.adapters.webhooks.jetty;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A receiver's {@code Retry-After} (RFC 9110, section 10.2.3): delta-seconds, or an HTTP-date in any of the three
 * forms a recipient must accept (IMF-fixdate, RFC 850's, asctime's). The wait is capped; a date in the past is no
 * wait; anything else is ignored, as if the header were absent.
 */
final class RetryAfter {

    private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]+");
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT),
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year is taken as 1970 to 2069)
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT),
            // asctime: Sun Nov  6 08:49:37 1994
            new DateTimeFormatterBuilder().appendPattern("EEE MMM ").padNext(2)
                    .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
                    .appendPattern(" HH:mm:ss uuuu").toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT));

    private RetryAfter() {
    }

    /** The wait {@code value} asks for, seen at {@code now}, at most {@code cap}; empty when it is not valid. */
    static Optional<Duration> parse(String value, Instant now, Duration cap) {
        String text = value.strip();
        if (DELTA_SECONDS.matcher(text).matches()) {
            // more digits than a long holds is still a (long) wait
            Duration wait = text.length() > 18 ? cap : Duration.ofSeconds(Long.parseLong(text));
            return Optional.of(min(wait, cap));
        }
        for (DateTimeFormatter format : HTTP_DATES) {
            try {
                Instant at = LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait, cap));
            } catch (DateTimeParseException e) {
                // the next form, or not a date
            }
        }
        return Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

package io.promptengine.application.port.in;

import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A usage report over executions created in {@code [from, to)}, grouped by {@code groupBy}. An omitted {@code to}
 * is now and an omitted {@code from} is thirty days before {@code to}; the span is at most {@link #MAX_SPAN}.
 */
public record UsageQuery(Caller caller, UsageReport.GroupBy groupBy, Optional<Instant> from, Optional<Instant> to) {

    public static final Duration DEFAULT_SPAN = Duration.ofDays(30);
    public static final Duration MAX_SPAN = Duration.ofDays(366);

    public UsageQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** The range this query covers at {@code now}; refuses an empty, reversed or over-long one. */
    public UsageReport.Range range(Instant now) {
        Instant end = to.orElse(now);
        Instant start = from.orElse(end.minus(DEFAULT_SPAN));
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from", "Query parameter 'from' must be before 'to'");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new InvalidInputException("from", "A usage report covers at most " + MAX_SPAN.toDays()
                    + " days between 'from' and 'to'");
        }
        return new UsageReport.Range(start, end);
    }
}

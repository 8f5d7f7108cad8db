package io.promptengine.application.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A tenant's executions over time, one point per hour or UTC day of the range, each bucket present whether or not an
 * execution was created in it: what the console's overview charts draw.
 */
public record ActivityReport(Bucket bucket, UsageReport.Range range, List<Point> points) {

    public ActivityReport {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(range, "range");
        points = List.copyOf(points);
    }

    /** How long one point covers; buckets start at whole hours or UTC midnights since the epoch. */
    public enum Bucket {
        HOUR(Duration.ofHours(1)),
        DAY(Duration.ofDays(1));

        private final Duration length;

        Bucket(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        /** The start of the bucket {@code instant} falls in. */
        public Instant start(Instant instant) {
            long seconds = length.toSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
        }
    }

    /**
     * The executions created in one bucket.
     *
     * @param start the bucket's first instant
     * @param errors the executions that failed or timed out
     * @param cost the sum of the costs that are known
     * @param unpricedExecutions executions that used tokens but have no cost, so that {@code cost} is known to be short
     */
    public record Point(Instant start, long executions, long errors, long totalTokens, BigDecimal cost,
            long unpricedExecutions) {

        public Point {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(cost, "cost");
            if (executions < 0 || errors < 0 || errors > executions || totalTokens < 0 || unpricedExecutions < 0) {
                throw new IllegalArgumentException("a point's counts are not negative and its errors are executions");
            }
        }

        static Point empty(Instant start) {
            return new Point(start, 0, 0, 0, BigDecimal.ZERO, 0);
        }
    }

    /** Every bucket of {@code range}: the stored point where there is one, an empty one where none was created. */
    public static ActivityReport filled(Bucket bucket, UsageReport.Range range, List<Point> stored) {
        Map<Instant, Point> byStart = stored.stream().collect(Collectors.toMap(Point::start, Function.identity()));
        List<Point> points = new ArrayList<>();
        for (Instant start = bucket.start(range.from()); start.isBefore(range.to()); start = start.plus(bucket.length())) {
            points.add(byStart.getOrDefault(start, Point.empty(start)));
        }
        return new ActivityReport(bucket, range, points);
    }
}

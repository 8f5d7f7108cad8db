package io.promptengine.application.model;

import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sums of a tenant's executions over a range of creation times, one row per group in ascending order of the
 * group's key: what {@code GET /v1/usage} answers and what the usage store computes.
 */
public record UsageReport(GroupBy groupBy, Range range, List<Row> rows) {

    public UsageReport {
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(range, "range");
        rows = List.copyOf(rows);
    }

    /** How executions are grouped; {@code wireName} is the {@code group_by} value. */
    public enum GroupBy {
        /** The UTC calendar day of creation, {@code 2025-06-01}. */
        DAY("day"),
        /** The endpoint the execution ran for; no key for executions of no endpoint. */
        ENDPOINT("endpoint"),
        /** The model the execution asked for. */
        MODEL("model");

        private final String wireName;

        GroupBy(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<GroupBy> fromWire(String name) {
            for (GroupBy groupBy : values()) {
                if (groupBy.wireName.equals(name)) {
                    return Optional.of(groupBy);
                }
            }
            return Optional.empty();
        }
    }

    /** Creation times from {@code from} (inclusive) to {@code to} (exclusive). */
    public record Range(Instant from, Instant to) {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from is before to");
            }
        }
    }

    /**
     * One group's sums.
     *
     * @param key the day, endpoint id or model; empty for the executions of no endpoint
     * @param usage the group's tokens summed, their cache and reasoning details included
     * @param cost the sum of the costs that are known
     * @param unpricedExecutions executions that used tokens but have no cost (their model has no price), so that
     *     {@code cost} is known to be short
     */
    public record Row(Optional<String> key, long executions, Usage usage, BigDecimal cost,
            long unpricedExecutions) {
        public Row {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(cost, "cost");
        }

        public long inputTokens() {
            return usage.inputTokens();
        }

        public long outputTokens() {
            return usage.outputTokens();
        }

        public long totalTokens() {
            return usage.totalTokens();
        }
    }
}

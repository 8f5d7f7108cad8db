package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.model.UsageReport.GroupBy;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The usage report as a table with its totals, the form that chooses it, and the link to its CSV. */
record UsagePage(Frame frame, Form form, FormErrors errors, Optional<UsageReport> report) {

    private static final int MAX_DAY = 10;

    UsagePage {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(report, "report");
    }

    /** The query as typed: {@code group_by}, and the first and last UTC day ({@code yyyy-mm-dd}, both optional). */
    record Form(String groupBy, String from, String to) {

        Form {
            Objects.requireNonNull(groupBy, "groupBy");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        static Form read(Context ctx) {
            return new Form(Optional.ofNullable(ctx.queryParam("group_by")).map(String::strip).filter(s -> !s.isEmpty())
                    .orElse(GroupBy.DAY.wireName()), parameter(ctx, "from"), parameter(ctx, "to"));
        }

        private static String parameter(Context ctx, String name) {
            String value = Optional.ofNullable(ctx.queryParam(name)).orElse("").strip();
            return value.length() > MAX_DAY ? value.substring(0, MAX_DAY + 1) : value;
        }

        /** The query string of this form with another grouping. */
        String query(String otherGroupBy) {
            return "group_by=" + encode(otherGroupBy) + (from.isEmpty() ? "" : "&from=" + encode(from))
                    + (to.isEmpty() ? "" : "&to=" + encode(to));
        }
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    List<GroupBy> groupings() {
        return List.of(GroupBy.values());
    }

    static String label(GroupBy groupBy) {
        return switch (groupBy) {
            case DAY -> "By day";
            case MODEL -> "By model";
            case ENDPOINT -> "By endpoint";
        };
    }

    String keyHeading() {
        return switch (report.map(UsageReport::groupBy).orElse(GroupBy.DAY)) {
            case DAY -> "Day (UTC)";
            case MODEL -> "Model";
            case ENDPOINT -> "Endpoint";
        };
    }

    static String key(UsageReport.Row row) {
        return row.key().orElse("(no endpoint)");
    }

    String csvHref() {
        return ConsoleUsageRoutes.PATH + ".csv?" + form.query(form.groupBy());
    }

    /** The report's range as a person reads it: {@code 2025-06-01 00:00 UTC to 2025-07-01 00:00 UTC}. */
    String range() {
        return report.map(each -> minute(each.range().from()) + " to " + minute(each.range().to())).orElse("");
    }

    private static String minute(Instant instant) {
        String text = instant.toString();
        return text.substring(0, 10) + " " + text.substring(11, 16) + " UTC";
    }

    long executions() {
        return rows().stream().mapToLong(UsageReport.Row::executions).sum();
    }

    long inputTokens() {
        return rows().stream().mapToLong(UsageReport.Row::inputTokens).sum();
    }

    long outputTokens() {
        return rows().stream().mapToLong(UsageReport.Row::outputTokens).sum();
    }

    long totalTokens() {
        return rows().stream().mapToLong(UsageReport.Row::totalTokens).sum();
    }

    long unpriced() {
        return rows().stream().mapToLong(UsageReport.Row::unpricedExecutions).sum();
    }

    String cost() {
        return rows().stream().map(UsageReport.Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString();
    }

    List<UsageReport.Row> rows() {
        return report.map(UsageReport::rows).orElse(List.of());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

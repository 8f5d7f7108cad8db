package io.promptengine.adapters.http.console;

import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.execution.Usage;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A usage report as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or
 * a line break, its quotes doubled), with the columns and numbers of {@code GET /v1/usage}'s rows. A key that a
 * spreadsheet would take for a formula (it begins with {@code = + - @}, a tab or a carriage return) is written with
 * a leading apostrophe, so that opening the file runs nothing.
 */
final class UsageCsv {

    static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    private static final List<String> SUMS = List.of("executions", "input_tokens", "output_tokens", "total_tokens",
            "cached_input_tokens", "cache_write_tokens", "reasoning_tokens", "cost", "unpriced_executions");

    private UsageCsv() {
    }

    static String of(UsageReport report) {
        StringBuilder csv = new StringBuilder();
        line(csv, Stream.concat(Stream.of(report.groupBy().wireName()), SUMS.stream()).toList());
        for (UsageReport.Row row : report.rows()) {
            Usage usage = row.usage();
            line(csv, List.of(row.key().orElse(""), Long.toString(row.executions()),
                    Long.toString(usage.inputTokens()), Long.toString(usage.outputTokens()),
                    Long.toString(usage.totalTokens()), Long.toString(usage.cachedInputTokens()),
                    Long.toString(usage.cacheWriteTokens()), Long.toString(usage.reasoningTokens()),
                    row.cost().toPlainString(), Long.toString(row.unpricedExecutions())));
        }
        return csv.toString();
    }

    /** The download's file name: {@code usage-by-model-2025-06-01-2025-07-01.csv}. */
    static String fileName(UsageReport report) {
        return "usage-by-" + report.groupBy().wireName() + "-" + day(report.range().from().toString()) + "-"
                + day(report.range().to().toString()) + ".csv";
    }

    private static String day(String instant) {
        return instant.substring(0, 10);
    }

    private static void line(StringBuilder csv, List<String> fields) {
        csv.append(fields.stream().map(UsageCsv::field).collect(Collectors.joining(","))).append("\r\n");
    }

    static String field(String text) {
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}

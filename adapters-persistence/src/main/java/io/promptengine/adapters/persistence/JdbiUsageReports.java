package io.promptengine.adapters.persistence;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.model.UsageReport.GroupBy;
import io.promptengine.application.model.UsageReport.Range;
import io.promptengine.application.model.UsageReport.Row;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Usage reports summed by the database over the executions table, one query per report on the
 * {@code (tenant_id, created_at)} index. Days are UTC calendar days; the SQL runs on H2 and PostgreSQL alike.
 */
final class JdbiUsageReports implements UsageReports {

    private static final String SUMS = "COUNT(*) AS executions, COALESCE(SUM(input_tokens), 0) AS input_tokens, "
            + "COALESCE(SUM(output_tokens), 0) AS output_tokens, "
            + "COALESCE(SUM(cached_input_tokens), 0) AS cached_input_tokens, "
            + "COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, "
            + "COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens, COALESCE(SUM(cost), 0) AS cost, "
            + "COALESCE(SUM(CASE WHEN cost IS NULL AND total_tokens > 0 THEN 1 ELSE 0 END), 0) AS unpriced";

    /** The statuses that count as errors in an activity report. */
    private static final String ERRORS = "COALESCE(SUM(CASE WHEN status IN ('failed', 'timed_out') THEN 1 ELSE 0 END), 0)"
            + " AS errors";

    private final Jdbi jdbi;

    JdbiUsageReports(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public UsageReport sum(TenantId tenant, GroupBy groupBy, Range range) {
        String key = switch (groupBy) {
            // whole days since the epoch: an absolute instant's UTC day, whatever the session's time zone
            case DAY -> "FLOOR(EXTRACT(EPOCH FROM created_at) / 86400)";
            case ENDPOINT -> "endpoint_id";
            case MODEL -> "model";
        };
        String sql = "SELECT " + key + " AS group_key, " + SUMS + " FROM executions"
                + " WHERE tenant_id = :tenant AND created_at >= :from AND created_at < :to"
                + " GROUP BY " + key + " ORDER BY " + key;
        List<Row> rows = jdbi.withHandle(handle -> handle.createQuery(sql)
                .bind("tenant", tenant.value())
                .bind("from", Columns.timestamp(range.from()))
                .bind("to", Columns.timestamp(range.to()))
                .map((row, context) -> new Row(key(groupBy, row),
                        row.getLong("executions"), new Usage(row.getLong("input_tokens"),
                                row.getLong("output_tokens"), row.getLong("cached_input_tokens"),
                                row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens")),
                        Optional.ofNullable(row.getBigDecimal("cost")).orElse(BigDecimal.ZERO),
                        row.getLong("unpriced")))
                .list());
        return new UsageReport(groupBy, range, rows);
    }

    @Override
    public List<ActivityReport.Point> activity(TenantId tenant, ActivityReport.Bucket bucket, Range range) {
        long seconds = bucket.length().toSeconds();
        // whole buckets since the epoch, as the day of sum(): an absolute instant's, whatever the session's time zone
        String key = "FLOOR(EXTRACT(EPOCH FROM created_at) / " + seconds + ")";
        String sql = "SELECT " + key + " AS bucket, " + SUMS + ", " + ERRORS + " FROM executions"
                + " WHERE tenant_id = :tenant AND created_at >= :from AND created_at < :to"
                + " GROUP BY " + key + " ORDER BY " + key;
        return jdbi.withHandle(handle -> handle.createQuery(sql)
                .bind("tenant", tenant.value())
                .bind("from", Columns.timestamp(range.from()))
                .bind("to", Columns.timestamp(range.to()))
                .map((row, context) -> new ActivityReport.Point(Instant.ofEpochSecond(row.getLong("bucket") * seconds),
                        row.getLong("executions"), row.getLong("errors"),
                        row.getLong("input_tokens") + row.getLong("output_tokens"),
                        Optional.ofNullable(row.getBigDecimal("cost")).orElse(BigDecimal.ZERO), row.getLong("unpriced")))
                .list());
    }

    private static Optional<String> key(GroupBy groupBy, ResultSet row) throws SQLException {
        if (groupBy == GroupBy.DAY) {
            return Optional.of(LocalDate.ofEpochDay(row.getLong("group_key")).toString());
        }
        return Optional.ofNullable(row.getString("group_key"));
    }
}

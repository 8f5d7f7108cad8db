package io.promptengine.adapters.persistence;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.ActivityReport.Point;
import io.promptengine.application.model.UsageReport.GroupBy;
import io.promptengine.application.model.UsageReport.Row;
import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
class JdbiUsageReportsTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final TenantId OTHER = new TenantId("ten_other");
    private static final UsageReport.Range JUNE = new UsageReport.Range(Instant.parse("2025-06-01T00:00:00Z"),
            Instant.parse("2025-07-01T00:00:00Z"));

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @BeforeEach
    void open() {
        database = engine.open(directory);
        completed("exec_1", ACME, "2025-06-01T00:00:00Z", "gpt-4o", Optional.of("ep_a"), new Usage(100, 50, 60, 10, 20),
                "0.00075");
        completed("exec_2", ACME, "2025-06-01T23:59:59.999Z", "gpt-4o", Optional.empty(), new Usage(10, 5, 4, 0, 1),
                "0.000075");
        completed("exec_3", ACME, "2025-06-02T08:00:00Z", "ollama/llama3.2", Optional.of("ep_a"), new Usage(7, 3),
                null);
        failed("exec_4", ACME, "2025-06-03T08:00:00Z", "claude-3-5-haiku");
        completed("exec_5", ACME, "2025-07-01T00:00:00Z", "gpt-4o", Optional.empty(), new Usage(999, 999), "1");
        completed("exec_6", OTHER, "2025-06-01T10:00:00Z", "gpt-4o", Optional.empty(), new Usage(999, 999), "1");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void groupByModel_sumsTheTenantsExecutionsInTheRange() {
        List<Row> rows = database.usageReports().sum(ACME, GroupBy.MODEL, JUNE).rows();

        assertThat(rows).extracting(row -> row.key().orElseThrow())
                .containsExactly("claude-3-5-haiku", "gpt-4o", "ollama/llama3.2");
        Row gpt = rows.get(1);
        assertThat(gpt.executions()).isEqualTo(2);
        assertThat(gpt.inputTokens()).isEqualTo(110);
        assertThat(gpt.outputTokens()).isEqualTo(55);
        assertThat(gpt.totalTokens()).isEqualTo(165);
        assertThat(gpt.usage()).isEqualTo(new Usage(110, 55, 64, 10, 21));
        assertThat(rows.get(2).usage()).isEqualTo(new Usage(7, 3));
        assertThat(gpt.cost()).isEqualByComparingTo("0.000825");
        assertThat(gpt.unpricedExecutions()).isZero();
        assertThat(rows.get(2).unpricedExecutions()).isEqualTo(1);
        assertThat(rows.get(0).cost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    /** Also under {@code -DargLine=-Duser.timezone=Pacific/Kiritimati}: the day never follows the JVM's zone. */
    @Test
    void groupByDay_usesUtcCalendarDays() {
        List<Row> rows = database.usageReports().sum(ACME, GroupBy.DAY, JUNE).rows();

        assertThat(rows).extracting(row -> row.key().orElseThrow())
                .containsExactly("2025-06-01", "2025-06-02", "2025-06-03");
        assertThat(rows.get(0).executions()).isEqualTo(2);
    }

    @Test
    void groupByEndpoint_hasNoKeyForExecutionsOfNoEndpoint() {
        List<Row> rows = database.usageReports().sum(ACME, GroupBy.ENDPOINT, JUNE).rows();

        assertThat(rows).extracting(Row::key).containsExactlyInAnyOrder(Optional.empty(), Optional.of("ep_a"));
        assertThat(rows).filteredOn(row -> row.key().isPresent()).singleElement()
                .satisfies(row -> assertThat(row.executions()).isEqualTo(2));
    }

    @Test
    void givenNoExecutionsInRange_sum_isEmpty() {
        assertThat(database.usageReports().sum(new TenantId("ten_none"), GroupBy.DAY, JUNE).rows()).isEmpty();
    }

    @Test
    void activityByDay_sumsEachUtcDayWithItsErrors_andLeavesOutEmptyDays() {
        List<Point> points = database.usageReports().activity(ACME, ActivityReport.Bucket.DAY, JUNE);

        assertThat(points).extracting(Point::start).containsExactly(Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-06-02T00:00:00Z"), Instant.parse("2025-06-03T00:00:00Z"));
        assertThat(points.get(0)).satisfies(first -> {
            assertThat(first.executions()).isEqualTo(2);
            assertThat(first.errors()).isZero();
            assertThat(first.totalTokens()).isEqualTo(165);
            assertThat(first.cost()).isEqualByComparingTo("0.000825");
            assertThat(first.unpricedExecutions()).isZero();
        });
        assertThat(points.get(1).unpricedExecutions()).isEqualTo(1);
        assertThat(points.get(2).errors()).isEqualTo(1);
    }

    @Test
    void activityByHour_countsFailedAndTimedOutExecutionsAsErrors() {
        Instant created = Instant.parse("2025-06-01T23:30:00Z");
        database.executions().insert(queue("exec_7", ACME, created, "gpt-4o", Optional.empty()).start(created)
                .timeOut(new ExecutionError("timeout", "too slow"), created.plusSeconds(60)));
        UsageReport.Range day = new UsageReport.Range(Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-06-02T00:00:00Z"));

        List<Point> points = database.usageReports().activity(ACME, ActivityReport.Bucket.HOUR, day);

        assertThat(points).extracting(Point::start).containsExactly(Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-06-01T23:00:00Z"));
        assertThat(points.get(1).executions()).isEqualTo(2);
        assertThat(points.get(1).errors()).isEqualTo(1);
    }

    @Test
    void activity_showsNoOtherTenantsExecutions() {
        assertThat(database.usageReports().activity(OTHER, ActivityReport.Bucket.DAY, JUNE))
                .singleElement().satisfies(point -> assertThat(point.executions()).isEqualTo(1));
        assertThat(database.usageReports().activity(new TenantId("ten_none"), ActivityReport.Bucket.HOUR, JUNE))
                .isEmpty();
    }

    private void completed(String id, TenantId tenant, String at, String model, Optional<String> endpoint,
            Usage usage, String cost) {
        Instant created = Instant.parse(at);
        database.executions().insert(queue(id, tenant, created, model, endpoint).start(created)
                .complete(ExecutionOutput.text("ok", FinishReason.STOP), usage,
                        Optional.ofNullable(cost).map(BigDecimal::new), created.plusMillis(5)));
    }

    private void failed(String id, TenantId tenant, String at, String model) {
        Instant created = Instant.parse(at);
        database.executions().insert(queue(id, tenant, created, model, Optional.empty()).start(created)
                .fail(new ExecutionError("upstream_error", "down"), Usage.NONE, created.plusMillis(5)));
    }

    private static Execution queue(String id, TenantId tenant, Instant created, String model,
            Optional<String> endpoint) {
        ExecutionRequest request = new ExecutionRequest(tenant, new ApiKeyId("key_1"), Surface.EXECUTE_API,
                Optional.empty(), "openai", model, "hi", ModelParameters.DEFAULTS, "req_" + id, Optional.empty(),
                endpoint.map(EndpointId::new), Optional.empty(), Optional.empty(), Optional.empty());
        return Execution.queue(new ExecutionId(id), request, created);
    }
}

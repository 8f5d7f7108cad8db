package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.ActivityReport.Point;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.in.ActivityQuery;
import io.promptengine.application.port.in.ActivityQuery.Window;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageReportServiceTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final Instant NOW = Instant.parse("2025-06-10T13:45:00Z");

    private final List<String> asked = new ArrayList<>();
    private final UsageReports reports = new UsageReports() {
        @Override
        public UsageReport sum(TenantId tenant, UsageReport.GroupBy groupBy, UsageReport.Range range) {
            throw new AssertionError("the activity report is not a usage report");
        }

        @Override
        public List<Point> activity(TenantId tenant, ActivityReport.Bucket bucket, UsageReport.Range range) {
            asked.add(tenant.value() + " " + bucket + " " + range.from() + " " + range.to());
            return List.of(new Point(Instant.parse("2025-06-10T12:00:00Z"), 3, 1, 42, new BigDecimal("0.5"), 0));
        }
    };
    private final UsageReportService service = new UsageReportService(reports, new FakeClock(NOW));

    @Test
    void activity_ofTheLast24Hours_hasEveryHourUpToTheCurrentOne_emptyOnesIncluded() {
        ActivityReport report = service.activity(new ActivityQuery(caller(Scope.READ), Window.LAST_24_HOURS));

        assertThat(asked).containsExactly("ten_acme HOUR 2025-06-09T14:00:00Z 2025-06-10T14:00:00Z");
        assertThat(report.points()).hasSize(24);
        assertThat(report.points().get(0).start()).isEqualTo(Instant.parse("2025-06-09T14:00:00Z"));
        assertThat(report.points().get(22)).satisfies(point -> {
            assertThat(point.start()).isEqualTo(Instant.parse("2025-06-10T12:00:00Z"));
            assertThat(point.executions()).isEqualTo(3);
            assertThat(point.errors()).isEqualTo(1);
        });
        assertThat(report.points().get(23).executions()).isZero();
        assertThat(report.points().get(23).cost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void activity_ofTheLast7And30Days_isUtcDays_endingWithToday() {
        assertThat(service.activity(new ActivityQuery(caller(Scope.READ), Window.LAST_7_DAYS)).points()).hasSize(7);
        assertThat(service.activity(new ActivityQuery(caller(Scope.READ), Window.LAST_30_DAYS)).points()).hasSize(30);

        assertThat(asked).containsExactly("ten_acme DAY 2025-06-04T00:00:00Z 2025-06-11T00:00:00Z",
                "ten_acme DAY 2025-05-12T00:00:00Z 2025-06-11T00:00:00Z");
    }

    @Test
    void activity_withoutTheReadScope_isRefused() {
        assertThatThrownBy(() -> service.activity(new ActivityQuery(caller(Scope.EXECUTE), Window.LAST_7_DAYS)))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'read'");
        assertThat(asked).isEmpty();
    }

    @Test
    void window_isNamedOnTheWireAs24h7dAnd30d() {
        assertThat(Window.fromWire("24h")).contains(Window.LAST_24_HOURS);
        assertThat(Window.fromWire("7d")).contains(Window.LAST_7_DAYS);
        assertThat(Window.fromWire("30d")).contains(Window.LAST_30_DAYS);
        assertThat(Window.fromWire("1y")).isEmpty();
    }

    private static Caller caller(Scope scope) {
        return new Caller(ACME, new ApiKeyId("key_1"), Set.of(scope), "free", OptionalInt.empty());
    }
}

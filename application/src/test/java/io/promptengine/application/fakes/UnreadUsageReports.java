package io.promptengine.application.fakes;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;

/** Usage reports for tests that read none: every read fails the test. The reports' own tests use the real stores. */
public final class UnreadUsageReports implements UsageReports {

    private final String who;

    /** {@code who} names the tests, for the failure: "no service test". */
    public UnreadUsageReports(String who) {
        this.who = who;
    }

    @Override
    public UsageReport sum(TenantId tenant, UsageReport.GroupBy groupBy, UsageReport.Range range) {
        throw new AssertionError(who + " reads a usage report");
    }

    @Override
    public List<ActivityReport.Point> activity(TenantId tenant, ActivityReport.Bucket bucket, UsageReport.Range range) {
        throw new AssertionError(who + " reads an activity report");
    }
}

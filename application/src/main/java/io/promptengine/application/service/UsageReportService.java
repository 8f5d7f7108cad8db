package io.promptengine.application.service;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.in.ActivityQuery;
import io.promptengine.application.port.in.UsageQuery;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.domain.tenant.Scope;

/** Usage and activity reports of the caller's own tenant, for callers holding {@code read}. */
public final class UsageReportService implements UsageReportUseCase {

    private final UsageReports reports;
    private final Clock clock;

    public UsageReportService(UsageReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @Override
    public UsageReport report(UsageQuery query) {
        query.caller().require(Scope.READ);
        return reports.sum(query.caller().tenantId(), query.groupBy(), query.range(clock.now()));
    }

    @Override
    public ActivityReport activity(ActivityQuery query) {
        query.caller().require(Scope.READ);
        ActivityReport.Bucket bucket = query.window().bucket();
        UsageReport.Range range = query.window().range(clock.now());
        return ActivityReport.filled(bucket, range, reports.activity(query.caller().tenantId(), bucket, range));
    }
}

package io.promptengine.application.service;

import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.in.UsageQuery;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.domain.tenant.Scope;

/** Usage reports of the caller's own tenant, for callers holding {@code read}. */
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
}

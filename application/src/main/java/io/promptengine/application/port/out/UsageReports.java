package io.promptengine.application.port.out;

import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.tenant.TenantId;

/** Sums of a tenant's executions: what usage reports are made of. */
public interface UsageReports {

    /** The executions created in {@code range}, summed per group, in ascending order of the group's key. */
    UsageReport sum(TenantId tenant, UsageReport.GroupBy groupBy, UsageReport.Range range);
}

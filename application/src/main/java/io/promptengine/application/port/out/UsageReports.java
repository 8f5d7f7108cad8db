package io.promptengine.application.port.out;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;

/** Sums of a tenant's executions: what usage reports are made of. */
public interface UsageReports {

    /** The executions created in {@code range}, summed per group, in ascending order of the group's key. */
    UsageReport sum(TenantId tenant, UsageReport.GroupBy groupBy, UsageReport.Range range);

    /**
     * The executions created in {@code range}, summed per bucket, in ascending order of start; only the buckets in
     * which at least one execution was created.
     */
    List<ActivityReport.Point> activity(TenantId tenant, ActivityReport.Bucket bucket, UsageReport.Range range);
}

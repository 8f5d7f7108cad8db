package io.promptengine.application.port.in;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;

/**
 * A tenant's tokens, executions and cost: summed by day, endpoint or model ({@code GET /v1/usage}), or over time by
 * hour or day with the errors among them (the console's overview).
 */
public interface UsageReportUseCase {

    /** Needs the {@code read} scope; covers only the caller's own tenant. */
    UsageReport report(UsageQuery query);

    /** Needs the {@code read} scope; covers only the caller's own tenant. */
    ActivityReport activity(ActivityQuery query);
}

package io.promptengine.application.port.in;

import io.promptengine.application.model.UsageReport;

/** {@code GET /v1/usage}: a tenant's tokens, executions and cost, summed by day, endpoint or model. */
public interface UsageReportUseCase {

    /** Needs the {@code read} scope; covers only the caller's own tenant. */
    UsageReport report(UsageQuery query);
}

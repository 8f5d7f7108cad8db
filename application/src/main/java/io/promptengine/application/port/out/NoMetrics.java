package io.promptengine.application.port.out;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;

/** {@link Metrics} that records nothing: metrics turned off ({@code PE_METRICS=false}), or a host embedding the core. */
public final class NoMetrics implements Metrics {

    @Override
    public void executionEnded(Execution ended) {
    }

    @Override
    public void cacheLookup(Surface surface, CacheStatus outcome) {
    }

    @Override
    public void idempotentReplay(TenantId tenant) {
    }

    @Override
    public void refused(ErrorKind why, String plan, TenantId tenant) {
    }
}

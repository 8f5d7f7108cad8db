package io.promptengine.application.port.out;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;

/**
 * What the core tells an operator's metrics about the work only a service sees: how executions ended, how the
 * response cache took part, idempotent replays, and limit refusals by plan. Provider calls, the queue and HTTP are
 * measured at the edges, by decorators the composition root wires; this port carries domain values only, and an
 * adapter decides which become labels (a model it does not know, say, becomes {@code other}). {@link NoMetrics}
 * records nothing, for metrics turned off and for hosts that embed the core.
 *
 * <p>Calls are made on request and worker threads, after the fact: an implementation must be thread-safe, quick,
 * and must not throw.
 */
public interface Metrics {

    /** {@code ended} reached a terminal state and was stored: its surface, status, provider, model, tokens and cost. */
    void executionEnded(Execution ended);

    /** A request of {@code surface} that may be answered from the response cache was a hit, a miss or a bypass. */
    void cacheLookup(Surface surface, CacheStatus outcome);

    /** A request with an Idempotency-Key was answered with the stored response of the first one. */
    void idempotentReplay(TenantId tenant);

    /**
     * A request was refused by a limit of {@code plan}: {@link ErrorKind#RATE_LIMITED} (requests per minute) or
     * {@link ErrorKind#QUOTA_EXCEEDED} (tokens per minute, or the monthly quota).
     */
    void refused(ErrorKind why, String plan, TenantId tenant);
}

package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The token meter of a single instance: a sliding log per tenant whose entries are whole seconds (a record counts
 * until up to a second more than the window), so a tenant costs at most about sixty entries however many
 * executions it runs. Tenants idle for a window are dropped.
 */
public final class InMemoryTokenMeter implements TokenMeter {

    private final SlidingLogs logs = new SlidingLogs(WINDOW.toNanos(), GRANULARITY.toNanos());

    @Override
    public void record(TenantId tenant, long tokens, Instant at) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        long time = Nanos.of(at);
        logs.withLogs(List.of(tenant.value()), time, used -> {
            used.get(0).add(time, tokens);
            return null;
        });
    }

    @Override
    public Optional<Instant> exhaustedUntil(TenantId tenant, long limit, Instant now) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return logs.withLogs(List.of(tenant.value()), Nanos.of(now), used -> used.get(0).sum() < limit
                ? Optional.empty()
                : Optional.of(Nanos.instant(used.get(0).whenSumBelow(limit))));
    }
}

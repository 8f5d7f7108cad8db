package io.promptengine.application.fakes;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link Metrics} that keeps every report, in order, for a test to read. */
public final class RecordingMetrics implements Metrics {

    /** One limit refusal as the core reported it. */
    public record Refusal(ErrorKind why, String plan, TenantId tenant) {
    }

    /** One cache lookup as the core reported it. */
    public record Lookup(Surface surface, CacheStatus outcome) {
    }

    private final List<Execution> ended = new CopyOnWriteArrayList<>();
    private final List<Lookup> lookups = new CopyOnWriteArrayList<>();
    private final List<TenantId> replays = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    @Override
    public void executionEnded(Execution execution) {
        ended.add(execution);
    }

    @Override
    public void cacheLookup(Surface surface, CacheStatus outcome) {
        lookups.add(new Lookup(surface, outcome));
    }

    @Override
    public void idempotentReplay(TenantId tenant) {
        replays.add(tenant);
    }

    @Override
    public void refused(ErrorKind why, String plan, TenantId tenant) {
        refusals.add(new Refusal(why, plan, tenant));
    }

    public List<Execution> ended() {
        return List.copyOf(ended);
    }

    public List<Lookup> lookups() {
        return List.copyOf(lookups);
    }

    public List<TenantId> replays() {
        return List.copyOf(replays);
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }
}

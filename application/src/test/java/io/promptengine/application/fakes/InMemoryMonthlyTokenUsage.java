package io.promptengine.application.fakes;

import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.domain.tenant.TenantId;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Monthly totals in a map. Thread-safe. */
public final class InMemoryMonthlyTokenUsage implements MonthlyTokenUsage {

    private record Key(TenantId tenant, YearMonth month) {
    }

    private final Map<Key, Long> totals = new ConcurrentHashMap<>();

    @Override
    public void add(TenantId tenant, YearMonth month, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative");
        }
        totals.merge(new Key(tenant, month), tokens, Long::sum);
    }

    @Override
    public long total(TenantId tenant, YearMonth month) {
        return totals.getOrDefault(new Key(tenant, month), 0L);
    }
}

package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every record in a list per tenant, summed on demand; exact to the nanosecond. */
public final class FakeTokenMeter implements TokenMeter {

    private record Used(Instant at, long tokens) {
    }

    private final Map<TenantId, List<Used>> records = new HashMap<>();

    @Override
    public synchronized void record(TenantId tenant, long tokens, Instant at) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative");
        }
        List<Used> used = records.computeIfAbsent(tenant, t -> new ArrayList<>());
        Instant newest = used.isEmpty() ? at : used.get(used.size() - 1).at();
        used.add(new Used(at.isBefore(newest) ? newest : at, tokens));
    }

    @Override
    public synchronized Optional<Instant> exhaustedUntil(TenantId tenant, long limit, Instant now) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        Instant since = now.minus(WINDOW);
        List<Used> recent = records.getOrDefault(tenant, List.of()).stream().filter(u -> u.at().isAfter(since))
                .toList();
        long sum = recent.stream().mapToLong(Used::tokens).sum();
        if (sum < limit) {
            return Optional.empty();
        }
        for (Used used : recent) {
            sum -= used.tokens();
            if (sum < limit) {
                return Optional.of(used.at().plus(WINDOW));
            }
        }
        throw new IllegalStateException("no records sum to zero, which is below any positive limit");
    }
}

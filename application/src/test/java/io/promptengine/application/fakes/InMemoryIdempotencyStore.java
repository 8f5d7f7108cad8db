package io.promptengine.application.fakes;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link IdempotencyStore} in a concurrent map; each operation is atomic, as the database's statements are. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Key(TenantId tenant, String key) {
    }

    private final ConcurrentMap<Key, IdempotencyRecord> records = new ConcurrentHashMap<>();

    @Override
    public ClaimOutcome claim(IdempotencyRecord claim) {
        IdempotencyRecord holder = records.putIfAbsent(keyOf(claim), claim);
        return holder == null ? new Claimed(claim) : new Occupied(holder);
    }

    @Override
    public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
        return Optional.ofNullable(records.get(new Key(tenant, key)));
    }

    @Override
    public Write takeOver(IdempotencyRecord current, IdempotencyRecord next) {
        return records.replace(keyOf(current), current, next) ? Write.APPLIED : Write.LOST;
    }

    @Override
    public Write complete(TenantId tenant, String key, String claimId, StoredResponse response) {
        AtomicBoolean completed = new AtomicBoolean();
        records.computeIfPresent(new Key(tenant, key), (k, record) -> {
            if (!record.claimId().equals(claimId) || !record.inFlight()) {
                return record;
            }
            completed.set(true);
            return record.answered(response);
        });
        return completed.get() ? Write.APPLIED : Write.LOST;
    }

    @Override
    public void release(TenantId tenant, String key, String claimId) {
        records.computeIfPresent(new Key(tenant, key),
                (k, record) -> record.claimId().equals(claimId) && record.inFlight() ? null : record);
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = records.size();
        records.values().removeIf(record -> record.expired(now));
        return before - records.size();
    }

    private static Key keyOf(IdempotencyRecord record) {
        return new Key(record.tenantId(), record.key());
    }
}

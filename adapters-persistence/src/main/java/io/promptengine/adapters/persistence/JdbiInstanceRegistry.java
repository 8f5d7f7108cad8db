package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.InstanceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Instances in the {@code instances} table: a heartbeat updates the instance's row, or inserts it on the first
 * beat (only the instance itself writes its row, so the two statements cannot race), and deletes the rows of
 * instances silent for {@link #FORGET_AFTER}.
 *
 * <p>On a database only one process can open (embedded H2 without {@code AUTO_SERVER}) every instance but the ones
 * that beat through this registry is gone, whatever the table says: a process killed a moment ago left a fresh row,
 * and its restart must not wait for that row to age.
 */
final class JdbiInstanceRegistry implements InstanceRegistry {

    /** Long past any claim's deadline, so a row this old names no instance anything still waits for. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final Jdbi jdbi;
    private final boolean exclusive;
    /** The last beat of each instance of this process. */
    private final ConcurrentMap<String, Instant> local = new ConcurrentHashMap<>();

    /** @param exclusive whether this process is the only one that can open the database */
    JdbiInstanceRegistry(Jdbi jdbi, boolean exclusive) {
        this.jdbi = jdbi;
        this.exclusive = exclusive;
    }

    @Override
    public void heartbeat(String instance, Instant now) {
        local.put(instance, now);
        OffsetDateTime at = Columns.timestamp(now);
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE instances SET heartbeat_at = :at WHERE instance_id = :id")
                    .bindByType("at", at, OffsetDateTime.class)
                    .bind("id", instance)
                    .execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO instances (instance_id, started_at, heartbeat_at) VALUES "
                                + "(:id, :at, :at)")
                        .bind("id", instance)
                        .bindByType("at", at, OffsetDateTime.class)
                        .execute();
            }
            handle.createUpdate("DELETE FROM instances WHERE heartbeat_at < :cutoff")
                    .bindByType("cutoff", Columns.timestamp(now.minus(FORGET_AFTER)), OffsetDateTime.class)
                    .execute();
        });
    }

    @Override
    public Optional<Instant> lastHeartbeat(String instance) {
        if (exclusive) {
            return Optional.ofNullable(local.get(instance));
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT heartbeat_at FROM instances WHERE instance_id = "
                        + ":id")
                .bind("id", instance)
                .map((row, context) -> Columns.instant(row, "heartbeat_at"))
                .findOne());
    }

    @Override
    public void leave(String instance) {
        local.remove(instance);
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM instances WHERE instance_id = :id")
                .bind("id", instance)
                .execute());
    }
}

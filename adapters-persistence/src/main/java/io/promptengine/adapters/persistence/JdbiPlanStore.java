package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Operator-defined plans; the primary key on {@code name} decides which of two concurrent inserts wins. Admission
 * looks a tenant's plan up on every request, so plans found are kept in a {@link ReadCache} (plans are never
 * changed once created, so the cache only saves reads).
 */
final class JdbiPlanStore implements PlanStore {

    private static final String SELECT =
            "SELECT name, requests_per_minute, tokens_per_minute, monthly_token_quota FROM plans";

    private final Jdbi jdbi;
    private final Durability durability;
    private final ReadCache<String, Plan> cache =
            new ReadCache<>(JdbiApiKeyStore.CACHE_TTL_NANOS, 1_000, System::nanoTime);

    JdbiPlanStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(Plan plan, Optional<AuditEvent> audit) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    transaction.createUpdate("INSERT INTO plans (name, requests_per_minute, tokens_per_minute, "
                            + "monthly_token_quota) VALUES (:name, :rpm, :tpm, :monthly)")
                            .bind("name", plan.name())
                            .bind("rpm", plan.policy().requestsPerMinute())
                            .bind("tpm", Columns.boxed(plan.policy().tokensPerMinute()))
                            .bind("monthly", Columns.boxed(plan.policy().monthlyTokenQuota()))
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
        } catch (RuntimeException e) {
            if (UniqueViolation.causes(e)) {
                throw new ConflictException("A plan named '" + plan.name() + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public Optional<Plan> find(String name) {
        return cache.get(name, () -> jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name)
                .map(JdbiPlanStore::plan)
                .findOne()));
    }

    @Override
    public List<Plan> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY name")
                .map(JdbiPlanStore::plan)
                .list());
    }

    private static Plan plan(ResultSet row, StatementContext context) throws SQLException {
        return Plan.custom(row.getString("name"), new RateLimitPolicy(row.getInt("requests_per_minute"),
                Columns.optionalLong(row, "tokens_per_minute"), Columns.optionalLong(row, "monthly_token_quota")));
    }
}

package io.promptengine.adapters.persistence;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Idempotency keys in {@code idempotency_keys}. A claim is an {@code INSERT}, so the primary key
 * {@code (tenant_id, idempotency_key)} lets exactly one of concurrent claims through, across instances; every
 * change after it is a conditional {@code UPDATE} or {@code DELETE} on the claim id, so a request that lost its
 * claim to a takeover cannot overwrite the new holder's row. Each claim names its instance and its deadline, so
 * that another instance can tell a claim whose request died from one still running.
 */
final class JdbiIdempotencyStore implements IdempotencyStore {

    private static final String IN_FLIGHT = "in_flight";
    private static final String COMPLETED = "completed";
    private static final String HEADER_SEPARATOR = ": ";

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiIdempotencyStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public ClaimOutcome claim(IdempotencyRecord claim) {
        try {
            jdbi.useHandle(handle -> {
                handle.createUpdate("INSERT INTO idempotency_keys (tenant_id, idempotency_key, fingerprint, "
                                + "claim_id, instance_id, state, created_at, deadline_at, expires_at) VALUES "
                                + "(:tenant_id, :key, :fingerprint, :claim_id, :instance_id, :state, :created_at, "
                                + ":deadline_at, :expires_at)")
                        .bind("tenant_id", claim.tenantId().value())
                        .bind("key", claim.key())
                        .bind("fingerprint", claim.fingerprint())
                        .bind("claim_id", claim.claimId())
                        .bind("instance_id", claim.holder().orElse(null))
                        .bind("state", IN_FLIGHT)
                        .bindByType("created_at", Columns.timestamp(claim.createdAt()), OffsetDateTime.class)
                        .bindByType("deadline_at", Columns.timestamp(claim.deadline()), OffsetDateTime.class)
                        .bindByType("expires_at", Columns.timestamp(claim.expiresAt()), OffsetDateTime.class)
                        .execute();
                durability.afterWrite(handle);
            });
            return new Claimed(claim);
        } catch (UnableToExecuteStatementException e) {
            if (UniqueViolation.causes(e)) {
                return find(claim.tenantId(), claim.key()).<ClaimOutcome>map(Occupied::new).orElseGet(Vacated::new);
            }
            throw e;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT tenant_id, idempotency_key, fingerprint, "
                        + "claim_id, instance_id, state, response_status, response_headers, response_body, "
                        + "created_at, deadline_at, expires_at FROM idempotency_keys WHERE tenant_id = :tenant_id "
                        + "AND idempotency_key = :key")
                .bind("tenant_id", tenant.value())
                .bind("key", key)
                .map(JdbiIdempotencyStore::record)
                .findOne());
    }

    /**
     * Conditional on the claim id and the state read, so that of racing takeovers one wins, and a claim that was
     * answered after it was read keeps its answer.
     */
    @Override
    public Write takeOver(IdempotencyRecord current, IdempotencyRecord next) {
        return jdbi.withHandle(handle -> {
            int updated = handle.createUpdate("UPDATE idempotency_keys SET fingerprint = :fingerprint, claim_id = "
                            + ":claim_id, instance_id = :instance_id, state = :state, response_status = NULL, "
                            + "response_headers = NULL, response_body = NULL, created_at = :created_at, deadline_at = "
                            + ":deadline_at, expires_at = :expires_at WHERE tenant_id = :tenant_id AND "
                            + "idempotency_key = :key AND claim_id = :current_claim AND state = :current_state")
                    .bind("fingerprint", next.fingerprint())
                    .bind("claim_id", next.claimId())
                    .bind("instance_id", next.holder().orElse(null))
                    .bind("state", IN_FLIGHT)
                    .bindByType("created_at", Columns.timestamp(next.createdAt()), OffsetDateTime.class)
                    .bindByType("deadline_at", Columns.timestamp(next.deadline()), OffsetDateTime.class)
                    .bindByType("expires_at", Columns.timestamp(next.expiresAt()), OffsetDateTime.class)
                    .bind("tenant_id", current.tenantId().value())
                    .bind("key", current.key())
                    .bind("current_claim", current.claimId())
                    .bind("current_state", current.inFlight() ? IN_FLIGHT : COMPLETED)
                    .execute();
            durability.afterWrite(handle);
            return updated == 1 ? Write.APPLIED : Write.LOST;
        });
    }

    @Override
    public Write complete(TenantId tenant, String key, String claimId, StoredResponse response) {
        List<String> headers = new ArrayList<>();
        response.headers().forEach(header -> headers.add(header.name() + HEADER_SEPARATOR + header.value()));
        return jdbi.withHandle(handle -> {
            int updated = handle.createUpdate("UPDATE idempotency_keys SET state = :state, response_status = "
                            + ":status, response_headers = :headers, response_body = :body WHERE tenant_id = "
                            + ":tenant_id AND idempotency_key = :key AND claim_id = :claim_id AND state = :in_flight")
                    .bind("state", COMPLETED)
                    .bind("status", response.status())
                    .bind("headers", Columns.lines(headers))
                    .bind("body", response.body())
                    .bind("tenant_id", tenant.value())
                    .bind("key", key)
                    .bind("claim_id", claimId)
                    .bind("in_flight", IN_FLIGHT)
                    .execute();
            durability.afterWrite(handle);
            return updated == 1 ? Write.APPLIED : Write.LOST;
        });
    }

    @Override
    public void release(TenantId tenant, String key, String claimId) {
        jdbi.useHandle(handle -> {
            handle.createUpdate("DELETE FROM idempotency_keys WHERE tenant_id = :tenant_id AND idempotency_key = "
                            + ":key AND claim_id = :claim_id AND state = :in_flight")
                    .bind("tenant_id", tenant.value())
                    .bind("key", key)
                    .bind("claim_id", claimId)
                    .bind("in_flight", IN_FLIGHT)
                    .execute();
            durability.afterWrite(handle);
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbi.withHandle(handle -> {
            int deleted = handle.createUpdate("DELETE FROM idempotency_keys WHERE expires_at <= :now")
                    .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
            return deleted;
        });
    }

    private static IdempotencyRecord record(ResultSet row, StatementContext context) throws SQLException {
        Optional<StoredResponse> response = Optional.empty();
        if (COMPLETED.equals(row.getString("state"))) {
            List<StoredResponse.Header> headers = new ArrayList<>();
            for (String line : Columns.lines(row.getString("response_headers"))) {
                int separator = line.indexOf(HEADER_SEPARATOR);
                headers.add(new StoredResponse.Header(line.substring(0, separator),
                        line.substring(separator + HEADER_SEPARATOR.length())));
            }
            response = Optional.of(new StoredResponse(row.getInt("response_status"), headers,
                    row.getBytes("response_body")));
        }
        return new IdempotencyRecord(new TenantId(row.getString("tenant_id")), row.getString("idempotency_key"),
                row.getString("fingerprint"), row.getString("claim_id"),
                Optional.ofNullable(row.getString("instance_id")), response, Columns.instant(row, "created_at"),
                Columns.instant(row, "deadline_at"), Columns.instant(row, "expires_at"));
    }
}

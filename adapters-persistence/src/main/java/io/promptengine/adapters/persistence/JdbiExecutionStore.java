package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.endpoint.EndpointId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Executions in one table. The request columns are written once by {@link #insert}; {@link #update} rewrites
 * only the outcome columns, and only while the stored status is the expected one.
 */
final class JdbiExecutionStore implements ExecutionStore {

    private static final String COLUMNS = "id, tenant_id, api_key_id, source, prompt_version_id, provider, model, "
            + "input, temperature, max_tokens, status, output_text, output_json, finish_reason, error_code, "
            + "error_message, input_tokens, output_tokens, total_tokens, cost, cache_hit, attempts, latency_ms, "
            + "request_id, idempotency_key, created_at, started_at, completed_at, endpoint_id, conversation_id, "
            + "message, output_schema";

    private static final String INSERT = "INSERT INTO executions (" + COLUMNS + ") VALUES (:id, :tenant_id, "
            + ":api_key_id, :source, :prompt_version_id, :provider, :model, :input, :temperature, :max_tokens, "
            + ":status, :output_text, :output_json, :finish_reason, :error_code, :error_message, :input_tokens, "
            + ":output_tokens, :total_tokens, :cost, :cache_hit, :attempts, :latency_ms, :request_id, "
            + ":idempotency_key, :created_at, :started_at, :completed_at, :endpoint_id, :conversation_id, :message, "
            + ":output_schema)";

    private static final String UPDATE = "UPDATE executions SET status = :status, output_text = :output_text, "
            + "output_json = :output_json, finish_reason = :finish_reason, error_code = :error_code, "
            + "error_message = :error_message, input_tokens = :input_tokens, output_tokens = :output_tokens, "
            + "total_tokens = :total_tokens, cost = :cost, cache_hit = :cache_hit, attempts = :attempts, "
            + "latency_ms = :latency_ms, started_at = :started_at, completed_at = :completed_at "
            + "WHERE id = :id AND status = :expected";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM executions";

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiExecutionStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(Execution execution) {
        ExecutionRequest request = execution.request();
        jdbi.useHandle(handle -> {
            bindOutcome(handle.createUpdate(INSERT), execution)
                    .bind("tenant_id", request.tenantId().value())
                    .bind("api_key_id", request.apiKeyId().value())
                    .bind("source", request.source().wireName())
                    .bind("prompt_version_id", request.promptVersionId().orElse(null))
                    .bind("provider", request.provider())
                    .bind("model", request.model())
                    .bind("input", request.input())
                    .bind("temperature", boxed(request.parameters().temperature()))
                    .bind("max_tokens", Columns.boxed(request.parameters().maxTokens()))
                    .bind("request_id", request.requestId())
                    .bind("idempotency_key", request.idempotencyKey().orElse(null))
                    .bind("endpoint_id", request.endpointId().map(EndpointId::value).orElse(null))
                    .bind("conversation_id", request.conversationId().map(ConversationId::value).orElse(null))
                    .bind("message", request.message().orElse(null))
                    .bind("output_schema", request.outputSchema().map(SchemaContract::document).orElse(null))
                    .bindByType("created_at", Columns.timestamp(execution.createdAt()), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
        });
    }

    @Override
    public Write update(Execution next, ExecutionStatus expected) {
        int rows = jdbi.withHandle(handle -> {
            int updated = bindOutcome(handle.createUpdate(UPDATE), next)
                    .bind("expected", expected.wireName())
                    .execute();
            if (updated > 0) {
                durability.afterWrite(handle);
            }
            return updated;
        });
        return rows == 1 ? Write.APPLIED : Write.STALE;
    }

    @Override
    public Optional<Execution> find(TenantId tenant, ExecutionId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenant.value())
                .map(JdbiExecutionStore::execution)
                .findOne());
    }

    @Override
    public Optional<Execution> find(ExecutionId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiExecutionStore::execution)
                .findOne());
    }

    /** Keyset pagination on the {@code (tenant_id, created_at, id)} index, reading one row more than a page. */
    @Override
    public ExecutionPage list(TenantId tenant, ExecutionFilter filter, Optional<PageCursor> after, int limit) {
        requirePositive(limit);
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE tenant_id = :tenant_id");
        filter.status().ifPresent(status -> sql.append(" AND status = :status"));
        filter.model().ifPresent(model -> sql.append(" AND model = :model"));
        filter.source().ifPresent(source -> sql.append(" AND source = :source"));
        filter.createdFrom().ifPresent(from -> sql.append(" AND created_at >= :created_from"));
        filter.createdBefore().ifPresent(before -> sql.append(" AND created_at < :created_before"));
        // the first condition bounds the index range; the second breaks ties between equal timestamps by id
        after.ifPresent(cursor -> sql.append(" AND created_at <= :after_created_at")
                .append(" AND (created_at < :after_created_at OR id < :after_id)"));
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");

        List<Execution> rows = jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString())
                    .bind("tenant_id", tenant.value())
                    .bind("limit", limit + 1);
            filter.status().ifPresent(status -> query.bind("status", status.wireName()));
            filter.model().ifPresent(model -> query.bind("model", model));
            filter.source().ifPresent(source -> query.bind("source", source.wireName()));
            filter.createdFrom().ifPresent(from -> query.bind("created_from", Columns.timestamp(from)));
            filter.createdBefore().ifPresent(before -> query.bind("created_before", Columns.timestamp(before)));
            after.ifPresent(cursor -> query.bind("after_created_at", Columns.timestamp(cursor.createdAt()))
                    .bind("after_id", cursor.id().value()));
            return query.map(JdbiExecutionStore::execution).list();
        });
        if (rows.size() <= limit) {
            return new ExecutionPage(rows, Optional.empty());
        }
        List<Execution> page = rows.subList(0, limit);
        Execution last = page.get(limit - 1);
        return new ExecutionPage(page, Optional.of(new PageCursor(last.createdAt(), last.id())));
    }

    @Override
    public List<Execution> findByStatus(ExecutionStatus status, Optional<ExecutionId> afterId, int limit) {
        requirePositive(limit);
        String sql = SELECT + " WHERE status = :status" + (afterId.isPresent() ? " AND id > :after_id" : "")
                + " ORDER BY id LIMIT :limit";
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql)
                    .bind("status", status.wireName())
                    .bind("limit", limit);
            afterId.ifPresent(id -> query.bind("after_id", id.value()));
            return query.map(JdbiExecutionStore::execution).list();
        });
    }

    /** Binds the columns that {@link #update} may change, which are all but the request's. */
    private static <S extends SqlStatement<S>> S bindOutcome(S statement, Execution execution) {
        Optional<ExecutionOutput> output = execution.output();
        Optional<ExecutionError> error = execution.error();
        Usage usage = execution.usage();
        return statement
                .bind("id", execution.id().value())
                .bind("status", execution.status().wireName())
                .bind("output_text", output.map(ExecutionOutput::text).orElse(null))
                .bind("output_json", output.flatMap(ExecutionOutput::json).orElse(null))
                .bind("finish_reason", output.map(answer -> answer.finishReason().wireName()).orElse(null))
                .bind("error_code", error.map(ExecutionError::code).orElse(null))
                .bind("error_message", error.map(ExecutionError::message).orElse(null))
                .bind("input_tokens", usage.inputTokens())
                .bind("output_tokens", usage.outputTokens())
                .bind("total_tokens", usage.totalTokens())
                .bind("cost", execution.cost().orElse(null))
                .bind("cache_hit", execution.cacheHit())
                .bind("attempts", execution.attempts())
                .bind("latency_ms", execution.latency().map(Duration::toMillis).orElse(null))
                .bindByType("started_at", Columns.timestamp(execution.startedAt()), OffsetDateTime.class)
                .bindByType("completed_at", Columns.timestamp(execution.completedAt()), OffsetDateTime.class);
    }

    private static Execution execution(ResultSet row, StatementContext context) throws SQLException {
        ExecutionRequest request = new ExecutionRequest(
                new TenantId(row.getString("tenant_id")),
                new ApiKeyId(row.getString("api_key_id")),
                Surface.fromWire(row.getString("source")),
                Optional.ofNullable(row.getString("prompt_version_id")),
                row.getString("provider"),
                row.getString("model"),
                row.getString("input"),
                new ModelParameters(optionalDouble(row, "temperature"), Columns.optionalInt(row, "max_tokens")),
                row.getString("request_id"),
                Optional.ofNullable(row.getString("idempotency_key")),
                Optional.ofNullable(row.getString("endpoint_id")).map(EndpointId::new),
                Optional.ofNullable(row.getString("conversation_id")).map(ConversationId::new),
                Optional.ofNullable(row.getString("message")),
                Optional.ofNullable(row.getString("output_schema")).map(SchemaContract::new));
        return new Execution(
                new ExecutionId(row.getString("id")),
                request,
                ExecutionStatus.fromWire(row.getString("status")),
                output(row),
                error(row),
                new Usage(row.getLong("input_tokens"), row.getLong("output_tokens")),
                Optional.ofNullable(row.getBigDecimal("cost")),
                row.getBoolean("cache_hit"),
                row.getInt("attempts"),
                Columns.instant(row, "created_at"),
                Columns.optionalInstant(row, "started_at"),
                Columns.optionalInstant(row, "completed_at"));
    }

    private static Optional<ExecutionOutput> output(ResultSet row) throws SQLException {
        String text = row.getString("output_text");
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionOutput(text, Optional.ofNullable(row.getString("output_json")),
                FinishReason.fromWire(row.getString("finish_reason"))));
    }

    private static Optional<ExecutionError> error(ResultSet row) throws SQLException {
        String code = row.getString("error_code");
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionError(code, row.getString("error_message")));
    }

    private static OptionalDouble optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}

package io.promptengine.adapters.persistence;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.ModelCalls;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Executions in one table. The request columns are written once by {@link #insert}; {@link #update} rewrites
 * only the outcome columns, and only while the stored status is the expected one.
 *
 * <p>A write that ends an execution (a terminal insert, or an update to a terminal status) inserts the webhook
 * deliveries of its end in the same transaction ({@link ExecutionEvents}).
 *
 * <p>Every execution write, one per request on the execute path, goes through a {@link GroupCommitWriter}:
 * concurrent writes share a transaction and a durability step, and are bound positionally with plain JDBC.
 */
final class JdbiExecutionStore implements ExecutionStore {

    /** Written once by {@link #insert}, in this order. */
    private static final String REQUEST_COLUMNS = "id, tenant_id, api_key_id, source, prompt_version_id, provider, "
            + "model, input, temperature, max_tokens, request_id, idempotency_key, created_at, endpoint_id, "
            + "conversation_id, message, output_schema, messages, trace_parent, trace_id";

    /** Written by {@link #insert} and rewritten by {@link #update}, in this order. */
    static final String OUTCOME_COLUMNS = "status, output_text, output_json, finish_reason, error_code, "
            + "error_message, input_tokens, output_tokens, total_tokens, cost, cache_hit, attempts, latency_ms, "
            + "started_at, completed_at, provider_calls, last_provider_error_code, last_provider_error_message, "
            + "fallback_model, cached_input_tokens, cache_write_tokens, reasoning_tokens";

    /** The 20 request and 22 outcome columns, bound by {@link #bindRequest} and {@link #bindOutcome}. */
    private static final String INSERT = "INSERT INTO executions (" + REQUEST_COLUMNS + ", " + OUTCOME_COLUMNS
            + ") VALUES (" + "?, ".repeat(41) + "?)";

    /** The 22 outcome columns, then the id, the expected status and the attempt the stored one must not pass. */
    private static final String UPDATE = "UPDATE executions SET " + OUTCOME_COLUMNS.replace(",", " = ?,")
            + " = ? WHERE id = ? AND status = ? AND attempts <= ?";

    static final String SELECT = "SELECT " + REQUEST_COLUMNS + ", " + OUTCOME_COLUMNS + " FROM executions";

    private final Jdbi jdbi;
    private final GroupCommitWriter writer;

    /** @param writer writes every execution; {@link #close} closes it */
    JdbiExecutionStore(Jdbi jdbi, GroupCommitWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    @Override
    public void insert(Execution execution) {
        writer.write(INSERT, statement -> bindOutcome(bindRequest(new Parameters(statement), execution), execution),
                ExecutionEvents.of(execution));
    }

    @Override
    public Write update(Execution next, ExecutionStatus expected) {
        int rows = writer.write(UPDATE, statement -> bindOutcome(new Parameters(statement), next)
                .text(next.id().value())
                .text(expected.wireName())
                .number(next.attempts()), ExecutionEvents.of(next));
        return rows == 1 ? Write.APPLIED : Write.STALE;
    }

    /** Writes the executions still queued and stops writing; later writes are unavailable. Idempotent. */
    void close() {
        writer.close();
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

    /**
     * Walks the tenant's {@code (tenant_id, created_at)} index over the given time only, a request's lifetime at
     * most: indexing the key itself would cost every execution insert for a look-up made only after a crash.
     */
    @Override
    public Optional<Execution> findByIdempotencyKey(TenantId tenant, String idempotencyKey, Instant from,
            Instant to) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE tenant_id = :tenant_id AND created_at "
                        + ">= :from AND created_at <= :to AND idempotency_key = :key ORDER BY created_at, id LIMIT 1")
                .bind("tenant_id", tenant.value())
                .bind("from", Columns.timestamp(from))
                .bind("to", Columns.timestamp(to))
                .bind("key", idempotencyKey)
                .map(JdbiExecutionStore::execution)
                .findOne());
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

    private static Parameters bindRequest(Parameters parameters, Execution execution) throws SQLException {
        ExecutionRequest request = execution.request();
        return parameters
                .text(execution.id().value())
                .text(request.tenantId().value())
                .text(request.apiKeyId().value())
                .text(request.source().wireName())
                .text(request.promptVersionId().orElse(null))
                .text(request.provider())
                .text(request.model())
                .text(request.input())
                .number(request.parameters().temperature())
                .number(request.parameters().maxTokens())
                .text(request.requestId())
                .text(request.idempotencyKey().orElse(null))
                .timestamp(Columns.timestamp(execution.createdAt()))
                .text(request.endpointId().map(EndpointId::value).orElse(null))
                .text(request.conversationId().map(ConversationId::value).orElse(null))
                .text(request.message().orElse(null))
                .text(request.outputSchema().map(SchemaContract::document).orElse(null))
                .text(ChatMessagesColumn.encode(request.messages()))
                .text(request.traceParent().map(TraceParent::value).orElse(null))
                .text(request.traceParent().map(TraceParent::traceId).orElse(null));
    }

    static Parameters bindOutcome(Parameters parameters, Execution execution) throws SQLException {
        Optional<ExecutionOutput> output = execution.output();
        Optional<ExecutionError> error = execution.error();
        Usage usage = execution.usage();
        ModelCalls calls = execution.modelCalls();
        return parameters
                .text(execution.status().wireName())
                .text(output.map(ExecutionOutput::text).orElse(null))
                .text(output.flatMap(ExecutionOutput::json).orElse(null))
                .text(output.map(answer -> answer.finishReason().wireName()).orElse(null))
                .text(error.map(ExecutionError::code).orElse(null))
                .text(error.map(ExecutionError::message).orElse(null))
                .number(usage.inputTokens())
                .number(usage.outputTokens())
                .number(usage.totalTokens())
                .number(execution.cost().orElse(null))
                .bool(execution.cacheHit())
                .number(execution.attempts())
                .number(execution.latency().map(Duration::toMillis).orElse(null))
                .timestamp(Columns.timestamp(execution.startedAt()))
                .timestamp(Columns.timestamp(execution.completedAt()))
                .number(calls.count())
                .text(calls.lastError().map(ExecutionError::code).orElse(null))
                .text(calls.lastError().map(ExecutionError::message).orElse(null))
                .text(calls.fallbackModel().orElse(null))
                .number(usage.cachedInputTokens())
                .number(usage.cacheWriteTokens())
                .number(usage.reasoningTokens());
    }

    static Execution execution(ResultSet row, StatementContext context) throws SQLException {
        ExecutionRequest request = new ExecutionRequest(
                new TenantId(row.getString("tenant_id")),
                new ApiKeyId(row.getString("api_key_id")),
                Surface.fromWire(row.getString("source")),
                Optional.ofNullable(row.getString("prompt_version_id")),
                row.getString("provider"),
                row.getString("model"),
                row.getString("input"),
                new ModelParameters(Columns.optionalDouble(row, "temperature"), Columns.optionalInt(row, "max_tokens")),
                row.getString("request_id"),
                Optional.ofNullable(row.getString("idempotency_key")),
                Optional.ofNullable(row.getString("endpoint_id")).map(EndpointId::new),
                Optional.ofNullable(row.getString("conversation_id")).map(ConversationId::new),
                Optional.ofNullable(row.getString("message")),
                Optional.ofNullable(row.getString("output_schema")).map(SchemaContract::new),
                ChatMessagesColumn.decode(row.getString("messages")),
                Optional.ofNullable(row.getString("trace_parent")).map(TraceParent::new));
        return new Execution(
                new ExecutionId(row.getString("id")),
                request,
                ExecutionStatus.fromWire(row.getString("status")),
                output(row),
                error(row, "error_code", "error_message"),
                new Usage(row.getLong("input_tokens"), row.getLong("output_tokens"),
                        row.getLong("cached_input_tokens"), row.getLong("cache_write_tokens"),
                        row.getLong("reasoning_tokens")),
                Optional.ofNullable(row.getBigDecimal("cost")),
                row.getBoolean("cache_hit"),
                row.getInt("attempts"),
                Columns.instant(row, "created_at"),
                Columns.optionalInstant(row, "started_at"),
                Columns.optionalInstant(row, "completed_at"),
                new ModelCalls(row.getInt("provider_calls"),
                        error(row, "last_provider_error_code", "last_provider_error_message"),
                        Optional.ofNullable(row.getString("fallback_model"))));
    }


    private static Optional<ExecutionOutput> output(ResultSet row) throws SQLException {
        String text = row.getString("output_text");
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionOutput(text, Optional.ofNullable(row.getString("output_json")),
                FinishReason.fromWire(row.getString("finish_reason"))));
    }

    /** The error in these two columns, when the code is set. */
    private static Optional<ExecutionError> error(ResultSet row, String codeColumn, String messageColumn)
            throws SQLException {
        String code = row.getString(codeColumn);
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionError(code, row.getString(messageColumn)));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}

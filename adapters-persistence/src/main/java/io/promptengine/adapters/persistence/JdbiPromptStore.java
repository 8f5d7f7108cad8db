package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.PublicationAudit;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Prompts and their versions. The unique index on {@code (tenant_id, name_scope, name)} decides which of two
 * prompts of one name wins. Numbering a draft increments its prompt's {@code version_count}, which locks that row
 * until the transaction ends, so concurrent drafts of a prompt are numbered one after another; publishing locks the
 * same row, and the unique {@code live_prompt_id} keeps a prompt from ever having two live versions.
 */
final class JdbiPromptStore implements PromptStore {

    private static final String SELECT_PROMPT = "SELECT id, tenant_id, endpoint_id, name, title, description, tags, "
            + "author, created_at, updated_at FROM prompts";
    private static final String SELECT_VERSION = "SELECT id, prompt_id, version_number, status, system_template, "
            + "user_template, model, provider, temperature, max_tokens, output_schema, fallback_models, created_at, "
            + "published_at FROM prompt_versions";

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiPromptStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(Prompt prompt, Optional<AuditEvent> audit) {
        writeNamed(prompt, audit, "INSERT INTO prompts (id, tenant_id, endpoint_id, name_scope, name, title, description, "
                + "tags, author, version_count, created_at, updated_at) VALUES (:id, :tenant_id, :endpoint_id, "
                + ":name_scope, :name, :title, :description, :tags, :author, 0, :created_at, :updated_at)");
    }

    /** The endpoint and creation are a prompt's for good; only its name and metadata change. */
    @Override
    public void update(Prompt prompt, Optional<AuditEvent> audit) {
        writeNamed(prompt, audit, "UPDATE prompts SET name = :name, title = :title, description = :description, "
                + "tags = :tags, author = :author, updated_at = :updated_at WHERE id = :id AND tenant_id = :tenant_id");
    }

    @Override
    public Optional<Prompt> find(TenantId tenant, PromptId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_PROMPT + " WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenant.value())
                .map(JdbiPromptStore::prompt)
                .findOne());
    }

    @Override
    public Optional<Prompt> findByName(TenantId tenant, Optional<EndpointId> endpoint, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_PROMPT
                        + " WHERE tenant_id = :tenant_id AND name_scope = :name_scope AND name = :name")
                .bind("tenant_id", tenant.value())
                .bind("name_scope", nameScope(endpoint))
                .bind("name", name)
                .map(JdbiPromptStore::prompt)
                .findOne());
    }

    @Override
    public List<Prompt> list(TenantId tenant, Optional<EndpointId> endpoint) {
        return jdbi.withHandle(handle -> (endpoint.isPresent()
                ? handle.createQuery(SELECT_PROMPT
                        + " WHERE tenant_id = :tenant_id AND name_scope = :name_scope ORDER BY name, id")
                        .bind("name_scope", nameScope(endpoint))
                : handle.createQuery(SELECT_PROMPT + " WHERE tenant_id = :tenant_id ORDER BY name, id"))
                .bind("tenant_id", tenant.value())
                .map(JdbiPromptStore::prompt)
                .list());
    }

    @Override
    public PromptVersion insertDraft(PromptVersion draft, Function<PromptVersion, Optional<AuditEvent>> audit) {
        return jdbi.withHandle(handle -> {
            PromptVersion stored = handle.inTransaction(transaction -> {
                int counted = transaction.createUpdate(
                                "UPDATE prompts SET version_count = version_count + 1 WHERE id = :id")
                        .bind("id", draft.promptId().value())
                        .execute();
                if (counted == 0) {
                    throw new IllegalStateException("no prompt " + draft.promptId() + " to add a version to");
                }
                int number = transaction.createQuery("SELECT version_count FROM prompts WHERE id = :id")
                        .bind("id", draft.promptId().value())
                        .mapTo(Integer.class)
                        .one();
                PromptVersion numbered = new PromptVersion(draft.id(), draft.promptId(), number, draft.status(),
                        draft.template(), draft.model(), draft.provider(), draft.parameters(), draft.outputSchema(),
                        draft.fallbackModels(), draft.createdAt(), draft.publishedAt());
                insertVersion(transaction, numbered);
                JdbiAuditEventStore.append(transaction, audit.apply(numbered));
                return numbered;
            });
            durability.afterWrite(handle);
            return stored;
        });
    }

    @Override
    public Optional<PromptVersion> findVersion(PromptId prompt, PromptVersionId id) {
        return jdbi.withHandle(handle -> findVersion(handle, prompt, id));
    }

    @Override
    public Optional<PromptVersion> findVersion(PromptVersionId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_VERSION + " WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiPromptStore::version)
                .findOne());
    }

    @Override
    public List<PromptVersion> listVersions(PromptId prompt) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_VERSION
                        + " WHERE prompt_id = :prompt_id ORDER BY version_number DESC")
                .bind("prompt_id", prompt.value())
                .map(JdbiPromptStore::version)
                .list());
    }

    @Override
    public Optional<PromptVersion> findLive(PromptId prompt) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_VERSION + " WHERE live_prompt_id = :prompt_id")
                .bind("prompt_id", prompt.value())
                .map(JdbiPromptStore::version)
                .findOne());
    }

    @Override
    public PromptVersion publish(PromptId prompt, PromptVersionId version, Instant now, PublicationAudit audit) {
        return jdbi.withHandle(handle -> {
            PromptVersion live = handle.inTransaction(transaction -> {
                // serialises publishers of one prompt, and drafts being numbered, until this transaction ends
                transaction.createQuery("SELECT id FROM prompts WHERE id = :id FOR UPDATE")
                        .bind("id", prompt.value())
                        .mapTo(String.class)
                        .findOne()
                        .orElseThrow(() -> new IllegalStateException("no prompt " + prompt + " to publish"));
                PromptVersion published = findVersion(transaction, prompt, version)
                        .orElseThrow(() -> new IllegalStateException("no version " + version + " of prompt " + prompt))
                        .publish(now);
                Optional<PromptVersion> archived = transaction.createQuery(SELECT_VERSION
                                + " WHERE live_prompt_id = :prompt_id")
                        .bind("prompt_id", prompt.value())
                        .map(JdbiPromptStore::version)
                        .findOne();
                transaction.createUpdate("UPDATE prompt_versions SET status = :archived, live_prompt_id = NULL "
                                + "WHERE live_prompt_id = :prompt_id")
                        .bind("archived", VersionStatus.ARCHIVED.wireName())
                        .bind("prompt_id", prompt.value())
                        .execute();
                transaction.createUpdate("UPDATE prompt_versions SET status = :live, live_prompt_id = prompt_id, "
                                + "published_at = :published_at WHERE id = :id")
                        .bind("live", VersionStatus.LIVE.wireName())
                        .bindByType("published_at", Columns.timestamp(now), OffsetDateTime.class)
                        .bind("id", version.value())
                        .execute();
                JdbiAuditEventStore.append(transaction, audit.events(archived));
                return published;
            });
            durability.afterWrite(handle);
            return findVersion(handle, prompt, version).orElse(live);
        });
    }

    private void writeNamed(Prompt prompt, Optional<AuditEvent> audit, String sql) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    transaction.createUpdate(sql)
                            .bind("id", prompt.id().value())
                            .bind("tenant_id", prompt.tenantId().value())
                            .bind("endpoint_id", prompt.endpointId().map(EndpointId::value).orElse(null))
                            .bind("name_scope", nameScope(prompt.endpointId()))
                            .bind("name", prompt.name())
                            .bind("title", prompt.title())
                            .bind("description", prompt.description())
                            .bind("tags", Columns.lines(prompt.tags()))
                            .bind("author", prompt.author())
                            .bindByType("created_at", Columns.timestamp(prompt.createdAt()), OffsetDateTime.class)
                            .bindByType("updated_at", Columns.timestamp(prompt.updatedAt()), OffsetDateTime.class)
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
        } catch (RuntimeException e) {
            // the id is generated and never collides, so a duplicate is the name
            if (UniqueViolation.causes(e)) {
                throw new ConflictException("A prompt named '" + prompt.name() + "' already exists "
                        + (prompt.endpointId().isPresent() ? "on this endpoint" : "among prompts of no endpoint"));
            }
            throw e;
        }
    }

    private static void insertVersion(Handle handle, PromptVersion version) {
        handle.createUpdate("INSERT INTO prompt_versions (id, prompt_id, version_number, status, "
                        + "live_prompt_id, system_template, user_template, model, provider, temperature, max_tokens, "
                        + "output_schema, fallback_models, created_at, published_at) VALUES (:id, :prompt_id, "
                        + ":version_number, :status, :live_prompt_id, :system_template, :user_template, :model, "
                        + ":provider, :temperature, :max_tokens, :output_schema, :fallback_models, :created_at, "
                        + ":published_at)")
                .bind("id", version.id().value())
                .bind("prompt_id", version.promptId().value())
                .bind("version_number", version.number())
                .bind("status", version.status().wireName())
                .bind("live_prompt_id", version.status() == VersionStatus.LIVE ? version.promptId().value() : null)
                .bind("system_template", version.template().system().orElse(null))
                .bind("user_template", version.template().user())
                .bind("model", version.model())
                .bind("provider", version.provider().orElse(null))
                .bind("temperature", Columns.boxed(version.parameters().temperature()))
                .bind("max_tokens", Columns.boxed(version.parameters().maxTokens()))
                .bind("output_schema", version.outputSchema().map(SchemaContract::document).orElse(null))
                .bind("fallback_models", Columns.lines(version.fallbackModels()))
                .bindByType("created_at", Columns.timestamp(version.createdAt()), OffsetDateTime.class)
                .bindByType("published_at", Columns.timestamp(version.publishedAt()), OffsetDateTime.class)
                .execute();
    }

    private static Optional<PromptVersion> findVersion(Handle handle, PromptId prompt, PromptVersionId id) {
        return handle.createQuery(SELECT_VERSION + " WHERE id = :id AND prompt_id = :prompt_id")
                .bind("id", id.value())
                .bind("prompt_id", prompt.value())
                .map(JdbiPromptStore::version)
                .findOne();
    }

    private static String nameScope(Optional<EndpointId> endpoint) {
        return endpoint.map(EndpointId::value).orElse("");
    }

    private static Prompt prompt(ResultSet row, StatementContext context) throws SQLException {
        return new Prompt(new PromptId(row.getString("id")), new TenantId(row.getString("tenant_id")),
                Optional.ofNullable(row.getString("endpoint_id")).map(EndpointId::new), row.getString("name"),
                row.getString("title"), row.getString("description"), Columns.lines(row.getString("tags")),
                row.getString("author"), Columns.instant(row, "created_at"), Columns.instant(row, "updated_at"));
    }

    private static PromptVersion version(ResultSet row, StatementContext context) throws SQLException {
        return new PromptVersion(new PromptVersionId(row.getString("id")), new PromptId(row.getString("prompt_id")),
                row.getInt("version_number"), VersionStatus.fromWire(row.getString("status")),
                new MessageTemplate(Optional.ofNullable(row.getString("system_template")),
                        row.getString("user_template")),
                row.getString("model"), Optional.ofNullable(row.getString("provider")),
                new ModelParameters(Columns.optionalDouble(row, "temperature"), Columns.optionalInt(row, "max_tokens")),
                Optional.ofNullable(row.getString("output_schema")).map(SchemaContract::new),
                Columns.lines(row.getString("fallback_models")), Columns.instant(row, "created_at"),
                Columns.optionalInstant(row, "published_at"));
    }
}

package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A tenant's endpoints. Every lookup is scoped to the caller's tenant; schemas are checked before they are stored. */
public final class EndpointService implements ManageEndpointsUseCase {

    private static final int MAX_ID_LENGTH = 64;
    /** What the strings of an example request body say. */
    static final String EXAMPLE_TEXT = "Example text";

    private final EndpointStore endpoints;
    private final PromptStore prompts;
    private final SchemaValidator schemas;
    private final DefinitionChecks checks;
    private final IdGenerator ids;
    private final Clock clock;
    private final AuditTrail audit;

    public EndpointService(EndpointStore endpoints, PromptStore prompts, SchemaValidator schemas,
            DefinitionChecks checks, IdGenerator ids, Clock clock, AuditTrail audit) {
        this.endpoints = endpoints;
        this.prompts = prompts;
        this.schemas = schemas;
        this.checks = checks;
        this.ids = ids;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public Endpoint create(Caller caller, NewEndpoint endpoint) {
        caller.require(Scope.MANAGE);
        checks.schema("input_schema", endpoint.inputSchema());
        endpoint.outputSchema().ifPresent(schema -> checks.schema("output_schema", schema));
        Endpoint created = new Endpoint(ids.endpointId(), caller.tenantId(), endpoint.path(), endpoint.description(),
                endpoint.inputSchema(), endpoint.outputSchema(), Optional.empty(), endpoint.timeout(),
                endpoint.cacheTtl(), clock.now(), clock.now());
        endpoints.insert(created, Optional.of(audit.byKey(caller, AuditAction.ENDPOINT_CREATED,
                created.id().value(), changes(Optional.empty(), created))));
        return created;
    }

    @Override
    public List<Endpoint> list(Caller caller) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return endpoints.list(caller.tenantId());
    }

    @Override
    public Endpoint get(Caller caller, String endpointId) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return find(endpoints, caller.tenantId(), endpointId);
    }

    @Override
    public DescribedEndpoint describe(Caller caller, String endpointId) {
        Endpoint endpoint = get(caller, endpointId);
        return new DescribedEndpoint(endpoint, schemas.example(endpoint.inputSchema(), EXAMPLE_TEXT));
    }

    @Override
    public Endpoint update(Caller caller, EndpointChanges changes) {
        caller.require(Scope.MANAGE);
        Endpoint current = find(endpoints, caller.tenantId(), changes.endpointId());
        if (changes.inputSchema().isPresent()) {
            checks.schema("input_schema", changes.inputSchema().get());
            requireDeclaresEveryVariable(current, changes.inputSchema().get());
        }
        changes.outputSchema().value().ifPresent(schema -> checks.schema("output_schema", schema));
        Instant now = clock.now();
        Endpoint updated = current.revise(changes.path().orElse(current.path()),
                changes.description().orElse(current.description()),
                changes.inputSchema().orElse(current.inputSchema()),
                changes.outputSchema().applyTo(current.outputSchema()), changes.timeout().orElse(current.timeout()),
                changes.cacheTtl().orElse(current.cacheTtl()), now);
        if (!changes.defaultPrompt().unchanged()) {
            updated = updated.reviseDefaultPrompt(changes.defaultPrompt().value()
                    .map(promptId -> ownPrompt(current, promptId)), now);
        }
        endpoints.update(updated, Optional.of(audit.byKey(caller, AuditAction.ENDPOINT_UPDATED,
                updated.id().value(), changes(current, updated))));
        return updated;
    }

    @Override
    public Endpoint delete(Caller caller, String endpointId) {
        caller.require(Scope.MANAGE);
        return id(endpointId).flatMap(id -> endpoints.delete(caller.tenantId(), id, Optional.of(audit.byKey(caller,
                        AuditAction.ENDPOINT_DELETED, id.value(), deleted(endpoints, caller.tenantId(), id)))))
                .orElseThrow(() -> notFound(endpointId));
    }

    /** What a deleted endpoint was; read before the delete, which writes the event only when it deletes. */
    private static Changes deleted(EndpointStore endpoints, TenantId tenant, EndpointId id) {
        Changes changes = new Changes();
        endpoints.find(tenant, id).ifPresent(endpoint -> changes.deleted("path", endpoint.path().value()));
        return changes;
    }

    /** The fields that differ; every field, as created, when {@code before} is empty. */
    private static Changes changes(Optional<Endpoint> before, Endpoint after) {
        Changes changes = new Changes();
        field(changes, before, "path", after, endpoint -> endpoint.path().value());
        field(changes, before, "description", after, Endpoint::description);
        field(changes, before, "input_schema", after, endpoint -> endpoint.inputSchema().document());
        field(changes, before, "output_schema", after,
                endpoint -> Changes.text(endpoint.outputSchema().map(SchemaContract::document)));
        field(changes, before, "default_prompt_id", after, endpoint -> Changes.text(endpoint.defaultPrompt()));
        field(changes, before, "timeout", after, endpoint -> endpoint.timeout().toString());
        field(changes, before, "cache_ttl", after, endpoint -> endpoint.cacheTtl().toString());
        return changes;
    }

    private static Changes changes(Endpoint before, Endpoint after) {
        return changes(Optional.of(before), after);
    }

    private static void field(Changes changes, Optional<Endpoint> before, String name, Endpoint after,
            Function<Endpoint, String> value) {
        if (before.isEmpty()) {
            changes.created(name, value.apply(after));
        } else {
            changes.changed(name, value.apply(before.get()), value.apply(after));
        }
    }

    /** The tenant's endpoint, or 404 for a missing one and another tenant's alike. */
    static Endpoint find(EndpointStore endpoints, TenantId tenant, String endpointId) {
        return id(endpointId).flatMap(id -> endpoints.find(tenant, id)).orElseThrow(() -> notFound(endpointId));
    }

    /** An endpoint id, or nothing for a value no endpoint can have: answered without a lookup. */
    static Optional<EndpointId> id(String endpointId) {
        if (endpointId == null || endpointId.isBlank() || endpointId.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new EndpointId(endpointId));
    }

    private static NotFoundException notFound(String endpointId) {
        return new NotFoundException("Endpoint '" + endpointId + "' not found");
    }

    /** Drafts and the live version must keep running with the new schema; archived ones never run again. */
    private void requireDeclaresEveryVariable(Endpoint endpoint, SchemaContract input) {
        for (Prompt prompt : prompts.list(endpoint.tenantId(), Optional.of(endpoint.id()))) {
            for (PromptVersion version : prompts.listVersions(prompt.id())) {
                if (version.status() == VersionStatus.ARCHIVED) {
                    continue;
                }
                checks.undeclared(version.template(), input).ifPresent(variable -> {
                    throw new InvalidInputException("input_schema", "The input schema does not declare '" + variable
                            + "', which version " + version.number() + " of prompt '" + prompt.name() + "' uses");
                });
            }
        }
    }

    /** The tenant's prompt {@code promptId}; whether it is the endpoint's own, the endpoint checks. */
    private Prompt ownPrompt(Endpoint endpoint, String promptId) {
        return Optional.of(promptId).filter(PromptId::isWellFormed)
                .flatMap(id -> prompts.find(endpoint.tenantId(), new PromptId(id)))
                .orElseThrow(() -> new InvalidInputException("default_prompt_id",
                        "Prompt '" + promptId + "' is not a prompt of this endpoint"));
    }
}

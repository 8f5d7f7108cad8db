package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ListAuditEventsQuery;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.ReadAuditEventsUseCase;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.TargetType;
import io.promptengine.domain.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/audit-events}: the audit trail of management changes. A tenant's key with the {@code manage} scope
 * reads its own tenant's events; the operator key reads every tenant's and may name one with {@code tenant}.
 */
final class AuditEventRoutes {

    static final Set<String> NAMES = Set.of("action", "target_type", "target_id", "actor", "since", "until",
            "tenant", "limit", "cursor");
    private static final String NAME_LIST = "action, target_type, target_id, actor, since, until, tenant, limit, "
            + "cursor";
    private static final String ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::wireName)
            .collect(Collectors.joining(", "));
    private static final String TARGET_TYPES = Arrays.stream(TargetType.values()).map(TargetType::wireName)
            .collect(Collectors.joining(", "));
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_ACTOR_LENGTH = 64;

    private final Credentials credentials;
    private final AuthenticateOperatorUseCase operatorKey;
    private final ReadAuditEventsUseCase auditEvents;
    private final Json json;

    AuditEventRoutes(Credentials credentials, AuthenticateOperatorUseCase operatorKey,
            ReadAuditEventsUseCase auditEvents, Json json) {
        this.credentials = credentials;
        this.operatorKey = operatorKey;
        this.auditEvents = auditEvents;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.get("/v1/audit-events", this::list);
    }

    /** Who calls is decided before the query is read, so that nobody learns whether a filter is valid. */
    private void list(Context ctx) {
        boolean operator = operatorKey.isOperatorKey(Credentials.presentedKey(ctx));
        Optional<Caller> caller = operator ? Optional.empty()
                : Optional.of(credentials.caller(ctx));
        ListAuditEventsQuery query = query(QueryString.parameters(ctx));
        json.respond(ctx, 200, AuditEventBodies.ListBody.of(caller.isPresent()
                ? auditEvents.list(caller.get(), query)
                : auditEvents.list(Operator.overHttp(RequestIds.of(ctx)), query)));
    }

    static ListAuditEventsQuery query(Map<String, List<String>> parameters) {
        ListParameters.requireKnown(parameters, NAMES, NAME_LIST);
        AuditFilter filter = new AuditFilter(
                ListParameters.value(parameters, "action")
                        .map(text -> ListParameters.oneOf("action", text, AuditAction::fromWire, ACTIONS)),
                ListParameters.value(parameters, "target_type")
                        .map(text -> ListParameters.oneOf("target_type", text, TargetType::fromWire, TARGET_TYPES)),
                ListParameters.value(parameters, "target_id").map(text -> id("target_id", text, MAX_ID_LENGTH)),
                ListParameters.value(parameters, "actor").map(text -> new Actor(id("actor", text,
                        MAX_ACTOR_LENGTH))),
                ListParameters.value(parameters, "since").map(text -> ListParameters.instant("since", text)),
                ListParameters.value(parameters, "until").map(text -> ListParameters.instant("until", text)));
        int limit = ListParameters.value(parameters, "limit")
                .map(text -> ListParameters.limit(text, ListAuditEventsQuery.MAX_LIMIT))
                .orElse(ListAuditEventsQuery.DEFAULT_LIMIT);
        return new ListAuditEventsQuery(ListParameters.value(parameters, "tenant"), filter,
                ListParameters.value(parameters, "cursor"), limit);
    }

    private static String id(String name, String text, int maxLength) {
        if (text.isBlank() || text.length() > maxLength) {
            throw new InvalidInputException(name,
                    "Query parameter '" + name + "' must have 1 to " + maxLength + " characters");
        }
        return text;
    }
}

package io.promptengine.adapters.http.console;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ConsoleVisit;
import io.promptengine.application.port.in.Operator;
import io.promptengine.domain.tenant.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in session a console request comes from, as the route handlers use it: the caller the use cases take
 * (acting in this request, for the audit trail), what it may do, and the frame of its pages.
 */
record Visitor(ConsoleVisit visit, String requestId, Assets assets) {

    Visitor {
        Objects.requireNonNull(visit, "visit");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(assets, "assets");
    }

    /** The tenant's key acting in this request; only on {@link Access#TENANT} routes, where there is one. */
    Caller caller() {
        return visit.caller().orElseThrow(() -> new IllegalStateException("an operator's session has no caller"))
                .inRequest(requestId);
    }

    Operator operator() {
        return Operator.overHttp(requestId);
    }

    boolean isOperator() {
        return visit.operator();
    }

    /** Whether the key may edit: pages show their edit controls only then. */
    boolean canManage() {
        return holds(Scope.MANAGE);
    }

    /** Whether the key holds {@code scope} (false for the operator). */
    boolean holds(Scope scope) {
        return visit.caller().map(caller -> caller.scopes().contains(scope)).orElse(false);
    }

    String csrf() {
        return visit.csrfToken();
    }

    Frame frame(String title, Nav active) {
        List<Nav> nav = Arrays.stream(Nav.values())
                .filter(item -> item != Nav.NONE && item.operator() == visit.operator())
                .toList();
        String who = visit.caller()
                .map(caller -> "Tenant " + caller.tenantId().value() + ", key " + caller.apiKeyId().value()
                        + (canManage() ? "" : " (read only)"))
                .orElse("Operator");
        return new Frame(title, active, nav, Optional.of(visit.csrfToken()), who, assets, Optional.empty());
    }

    /** The frame of a page shown to nobody signed in: the sign-in page, an error before any session. */
    static Frame anonymous(String title, Assets assets) {
        return new Frame(title, Nav.NONE, List.of(), Optional.empty(), "", assets, Optional.empty());
    }
}

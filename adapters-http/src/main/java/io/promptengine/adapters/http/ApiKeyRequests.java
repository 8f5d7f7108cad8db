package io.promptengine.adapters.http;

import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.domain.tenant.Scope;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The body that makes a key, on the tenant's route and on the operator's alike. */
final class ApiKeyRequests {

    static final Set<String> FIELDS = Set.of("name", "scopes", "expires_at", "requests_per_minute");

    private ApiKeyRequests() {
    }

    /** {@code {name, scopes[], expires_at?, requests_per_minute?}}. */
    static NewApiKey newApiKey(JsonNode body) {
        RequestFields.refuseUnknown(body, FIELDS, "name, scopes, expires_at, requests_per_minute");
        String name = RequestFields.requiredString(body, "name");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : RequestFields.requiredStringArray(body, "scopes")) {
            scopes.add(Scope.fromWire(scope));
        }
        return new NewApiKey(name, scopes, RequestFields.optionalDateTime(body, "expires_at"),
                RequestFields.optionalInteger(body, "requests_per_minute"));
    }
}

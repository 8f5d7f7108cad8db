package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The list of keys, the form that makes one, and, in the one answer that makes it, the new key's secret.
 *
 * @param signedInWith the id of the key this session signed in with, marked in the list
 */
record ApiKeysPage(Frame frame, List<ApiKey> keys, String signedInWith, boolean canManage, Form form,
        FormErrors errors, Optional<IssuedApiKey> issued) {

    ApiKeysPage {
        Objects.requireNonNull(frame, "frame");
        keys = List.copyOf(keys);
        Objects.requireNonNull(signedInWith, "signedInWith");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(issued, "issued");
    }

    /** What was typed, to show again with the errors: the form fields as posted. */
    record Form(String name, List<String> scopes, String expiresOn, String requestsPerMinute) {

        static final Form EMPTY = new Form("", List.of(Scope.EXECUTE.wireName()), "", "");

        Form {
            Objects.requireNonNull(name, "name");
            scopes = List.copyOf(scopes);
            Objects.requireNonNull(expiresOn, "expiresOn");
            Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
        }

        static Form read(Context ctx) {
            return new Form(Forms.text(ctx, "name").strip(), ctx.formParams("scopes"),
                    Forms.text(ctx, "expires_at").strip(), Forms.text(ctx, "requests_per_minute").strip());
        }

        boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    List<String> scopes() {
        return ConsoleApiKeyRoutes.scopes();
    }

    static String scopes(ApiKey key) {
        return String.join(", ", key.scopes().stream().map(Scope::wireName).toList());
    }

    static String state(ApiKey key) {
        if (key.revokedAt().isPresent()) {
            return "revoked " + day(key.revokedAt().get());
        }
        if (key.expiresAt().isPresent() && !key.expiresAt().get().isAfter(Instant.now())) {
            return "expired " + day(key.expiresAt().get());
        }
        return key.expiresAt().map(at -> "active, expires " + day(at)).orElse("active");
    }

    static boolean revocable(ApiKey key) {
        return key.revokedAt().isEmpty();
    }

    static String day(Instant instant) {
        return instant.toString().substring(0, 10);
    }

    static String lastUsed(ApiKey key) {
        return key.lastUsedAt().map(ApiKeysPage::day).orElse("never");
    }
}

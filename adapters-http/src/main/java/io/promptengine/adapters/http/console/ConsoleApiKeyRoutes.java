package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ManageApiKeysUseCase;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.Scope;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tenant's API keys at {@code /console/api-keys}: the list, a form that makes one (read into the API's command
 * by the API's reader), and revocation after a confirmation page. A new key's secret is in the answer to the form's
 * POST and nowhere else: not in a later page, not in a URL, not in the browser's storage; the page tells the
 * browser's history that it stands for the list, so that a reload shows the list (see {@code data-replace-url}).
 */
final class ConsoleApiKeyRoutes {

    static final String PATH = "/console/api-keys";

    private final Pages pages;
    private final ManageApiKeysUseCase keys;
    private final ConsoleSupport support;

    ConsoleApiKeyRoutes(Pages pages, ManageApiKeysUseCase keys, ConsoleSupport support) {
        this.pages = pages;
        this.keys = keys;
        this.support = support;
    }

    void register(ConsoleRouter router) {
        router.get(PATH, Access.TENANT, this::list);
        router.post(PATH, Access.TENANT_MANAGE, this::create);
        router.get(PATH + "/{id}/revoke", Access.TENANT_MANAGE, this::confirmRevoke);
        router.post(PATH + "/{id}/revoke", Access.TENANT_MANAGE, this::revoke);
    }

    private void list(Context ctx, Visitor visitor) {
        Frame frame = visitor.frame("API keys", Nav.API_KEYS);
        Optional<String> revoked = Optional.ofNullable(ctx.queryParam("revoked"))
                .filter(id -> id.matches("[A-Za-z0-9_-]{1,64}")).map(id -> "Key " + id + " is revoked");
        render(ctx, 200, visitor, frame.withNotice(revoked), ApiKeysPage.Form.EMPTY, FormErrors.NONE,
                Optional.empty());
    }

    private void create(Context ctx, Visitor visitor) {
        ApiKeysPage.Form form = ApiKeysPage.Form.read(ctx);
        IssuedApiKey issued;
        try {
            issued = keys.create(visitor.caller(), support.newApiKey(body(form)));
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            render(ctx, ConsoleErrors.status(refusal), visitor, visitor.frame("API keys", Nav.API_KEYS), form,
                    FormErrors.of(refusal), Optional.empty());
            return;
        }
        render(ctx, 201, visitor, visitor.frame("API key created", Nav.API_KEYS), ApiKeysPage.Form.EMPTY,
                FormErrors.NONE, Optional.of(issued));
    }

    private void confirmRevoke(Context ctx, Visitor visitor) {
        ApiKey key = keys.get(visitor.caller(), ctx.pathParam("id"));
        pages.render(ctx, "api-key-revoke", new ApiKeyRevokePage(visitor.frame("Revoke " + key.name(),
                Nav.API_KEYS), key, visitor.caller().apiKeyId().equals(key.id())));
    }

    private void revoke(Context ctx, Visitor visitor) {
        ApiKey revoked = keys.revoke(visitor.caller(), ctx.pathParam("id"));
        ctx.redirect(PATH + "?revoked=" + revoked.id().value(), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, Visitor visitor, Frame frame, ApiKeysPage.Form form,
            FormErrors errors, Optional<IssuedApiKey> issued) {
        Caller caller = visitor.caller();
        List<ApiKey> all = keys.list(caller);
        pages.render(ctx, status, "api-keys", new ApiKeysPage(frame, all, caller.apiKeyId().value(),
                visitor.canManage(), form, errors, issued));
    }

    /** The form as the API's body: the same fields, so the same reader, limits and messages. */
    private ObjectNode body(ApiKeysPage.Form form) {
        ObjectNode body = support.object();
        body.put("name", form.name());
        ArrayNode scopes = body.putArray("scopes");
        form.scopes().forEach(scopes::add);
        Forms.putDateTime(body, "expires_at", form.expiresOn());
        Forms.putInteger(body, "requests_per_minute", form.requestsPerMinute());
        return body;
    }

    /** The scopes a form offers, in the order of {@link Scope}. */
    static List<String> scopes() {
        return List.of(Scope.values()).stream().map(Scope::wireName).toList();
    }
}

package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.PromptEngineException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's endpoints: the list, one endpoint with its prompts, the create and edit form with its JSON Schema
 * editor (checked by the same use case as {@code POST /v1/endpoints}; a refusal shows next to the field it names),
 * and the OpenAPI tab with the full URL and code samples. Another tenant's endpoint is the use case's 404.
 */
final class ConsoleEndpointRoutes {

    private final ManageEndpointsUseCase endpoints;
    private final ManagePromptsUseCase prompts;
    private final ConsoleSupport support;
    private final Pages pages;

    ConsoleEndpointRoutes(ManageEndpointsUseCase endpoints, ManagePromptsUseCase prompts, ConsoleSupport support,
            Pages pages) {
        this.endpoints = endpoints;
        this.prompts = prompts;
        this.support = support;
        this.pages = pages;
    }

    void register(ConsoleRouter router) {
        router.get("/console/endpoints", Access.TENANT, this::list);
        router.get("/console/endpoints/new", Access.TENANT_MANAGE, this::newForm);
        router.post("/console/endpoints", Access.TENANT_MANAGE, this::create);
        router.get("/console/endpoints/{id}", Access.TENANT, this::detail);
        router.get("/console/endpoints/{id}/edit", Access.TENANT_MANAGE, this::editForm);
        router.post("/console/endpoints/{id}", Access.TENANT_MANAGE, this::update);
        router.get("/console/endpoints/{id}/openapi", Access.TENANT, this::openApi);
    }

    private void list(Context ctx, Visitor visitor) {
        pages.render(ctx, "endpoints", new EndpointPages.ListPage(visitor.frame("Endpoints", Nav.ENDPOINTS),
                endpoints.list(visitor.caller()).stream().map(each -> EndpointPages.EndpointView.of(each, support))
                        .toList(), visitor.canManage()));
    }

    private void newForm(Context ctx, Visitor visitor) {
        form(ctx, visitor, 200, Optional.empty(), EndpointPages.Fields.NEW, FormErrors.NONE);
    }

    private void create(Context ctx, Visitor visitor) {
        EndpointPages.Fields fields = fields(ctx);
        try {
            ObjectNode body = support.object();
            body.put("path", fields.path());
            body.put("description", fields.description());
            body.set("input_schema", support.readField("input_schema", fields.inputSchema()));
            if (!fields.outputSchema().isBlank()) {
                body.set("output_schema", support.readField("output_schema", fields.outputSchema()));
            }
            Forms.putInteger(body, "timeout_seconds", fields.timeoutSeconds());
            Forms.putInteger(body, "cache_ttl_seconds", fields.cacheTtlSeconds());
            Endpoint created = endpoints.create(visitor.caller(), support.newEndpoint(body));
            ctx.redirect("/console/endpoints/" + created.id().value() + "?created", HttpStatus.SEE_OTHER);
        } catch (PromptEngineException refusal) {
            refused(ctx, visitor, Optional.empty(), fields, refusal);
        }
    }

    private void detail(Context ctx, Visitor visitor) {
        Endpoint endpoint = endpoints.get(visitor.caller(), ctx.pathParam("id"));
        EndpointPages.EndpointView view = EndpointPages.EndpointView.of(endpoint, support);
        Frame frame = visitor.frame(endpoint.path().value(), Nav.ENDPOINTS).withNotice(notice(ctx));
        pages.render(ctx, "endpoint", new EndpointPages.DetailPage(frame, view,
                prompts.list(visitor.caller(), Optional.of(endpoint.id().value())).stream()
                        .map(prompt -> EndpointPages.PromptRow.of(prompt, view.defaultPromptId())).toList(),
                visitor.canManage()));
    }

    private void editForm(Context ctx, Visitor visitor) {
        Endpoint endpoint = endpoints.get(visitor.caller(), ctx.pathParam("id"));
        EndpointPages.EndpointView view = EndpointPages.EndpointView.of(endpoint, support);
        form(ctx, visitor, 200, Optional.of(view), EndpointPages.Fields.of(view), FormErrors.NONE);
    }

    /** Sends only what changed, as a PATCH would: an unchanged path is no conflict with itself. */
    private void update(Context ctx, Visitor visitor) {
        Endpoint endpoint = endpoints.get(visitor.caller(), ctx.pathParam("id"));
        EndpointPages.EndpointView before = EndpointPages.EndpointView.of(endpoint, support);
        EndpointPages.Fields fields = fields(ctx);
        try {
            ObjectNode body = support.object();
            if (!fields.path().equals(before.path())) {
                body.put("path", fields.path());
            }
            if (!fields.description().equals(before.description())) {
                body.put("description", fields.description());
            }
            JsonNode input = support.readField("input_schema", fields.inputSchema());
            if (!support.text(input).equals(endpoint.inputSchema().document())) {
                body.set("input_schema", input);
            }
            if (fields.outputSchema().isBlank()) {
                if (endpoint.outputSchema().isPresent()) {
                    body.putNull("output_schema");
                }
            } else {
                JsonNode output = support.readField("output_schema", fields.outputSchema());
                if (!endpoint.outputSchema().map(schema -> schema.document().equals(support.text(output)))
                        .orElse(false)) {
                    body.set("output_schema", output);
                }
            }
            if (!fields.timeoutSeconds().equals(Long.toString(before.timeoutSeconds()))) {
                Forms.putInteger(body, "timeout_seconds", fields.timeoutSeconds());
            }
            if (!fields.cacheTtlSeconds().equals(Long.toString(before.cacheTtlSeconds()))) {
                Forms.putInteger(body, "cache_ttl_seconds", fields.cacheTtlSeconds());
            }
            if (!body.isEmpty()) {
                endpoints.update(visitor.caller(), support.endpointChanges(endpoint.id().value(), body));
            }
            ctx.redirect(before.href() + (body.isEmpty() ? "?unchanged" : "?saved"), HttpStatus.SEE_OTHER);
        } catch (PromptEngineException refusal) {
            refused(ctx, visitor, Optional.of(before), fields, refusal);
        }
    }

    /** The tab a developer copies from: the URL to call, the code to call it with, the document behind both. */
    private void openApi(Context ctx, Visitor visitor) {
        DescribedEndpoint described = endpoints.describe(visitor.caller(), ctx.pathParam("id"));
        String origin = origin(ctx);
        EndpointPages.EndpointView view = EndpointPages.EndpointView.of(described.endpoint(), support);
        pages.render(ctx, "endpoint-openapi", new EndpointPages.OpenApiPage(
                visitor.frame("OpenAPI of " + view.path(), Nav.ENDPOINTS), view, origin + view.path(),
                support.codeSamples(described, origin), support.openApiDocument(described, origin)));
    }

    /** Where this request came to, which is where the API answers too (the console shares its server). */
    private static String origin(Context ctx) {
        String host = ctx.host();
        String scheme = SessionCookie.overTls(ctx) ? "https" : "http";
        return scheme + "://" + (host == null || host.isBlank() ? "localhost" : host);
    }

    private void refused(Context ctx, Visitor visitor, Optional<EndpointPages.EndpointView> editing,
            EndpointPages.Fields fields, PromptEngineException refusal) {
        if (!ConsoleErrors.belongsToForm(refusal)) {
            throw refusal;
        }
        form(ctx, visitor, ConsoleErrors.status(refusal), editing, fields, FormErrors.of(refusal));
    }

    private void form(Context ctx, Visitor visitor, int status, Optional<EndpointPages.EndpointView> editing,
            EndpointPages.Fields fields, FormErrors errors) {
        String title = editing.map(endpoint -> "Edit " + endpoint.path()).orElse("New endpoint");
        pages.render(ctx, status, "endpoint-form", new EndpointPages.FormPage(visitor.frame(title, Nav.ENDPOINTS),
                editing.isPresent(), editing.map(EndpointPages.EndpointView::href).orElse("/console/endpoints"),
                editing.map(EndpointPages.EndpointView::href).orElse("/console/endpoints"), fields, errors));
    }

    private static EndpointPages.Fields fields(Context ctx) {
        return new EndpointPages.Fields(Forms.text(ctx, "path"), Forms.text(ctx, "description"),
                Forms.text(ctx, "input_schema"), Forms.text(ctx, "output_schema"),
                Forms.text(ctx, "timeout_seconds").strip(), Forms.text(ctx, "cache_ttl_seconds").strip());
    }

    private static Optional<String> notice(Context ctx) {
        if (ctx.queryParam("created") != null) {
            return Optional.of("Endpoint created. Give it a prompt, then call it.");
        }
        if (ctx.queryParam("saved") != null) {
            return Optional.of("Endpoint saved.");
        }
        if (ctx.queryParam("unchanged") != null) {
            return Optional.of("Nothing changed.");
        }
        return Optional.empty();
    }
}

package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.application.port.in.TestPromptVersionUseCase;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.VersionStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's prompts: the list, one prompt with its versions and two of them side by side (settings, and a line
 * diff of the templates and output schema), a new prompt, a new draft, publishing a draft after a confirmation
 * that shows what changes against the live version, and a test run of any version through a form made from its
 * endpoint's input schema. Every change goes through the prompt use cases, as over {@code /v1/prompts}.
 */
final class ConsolePromptRoutes {

    private final ManagePromptsUseCase prompts;
    private final ManageEndpointsUseCase endpoints;
    private final TestPromptVersionUseCase testVersion;
    private final ConsoleSupport support;
    private final Pages pages;
    private final TestForm testForm;

    ConsolePromptRoutes(ManagePromptsUseCase prompts, ManageEndpointsUseCase endpoints,
            TestPromptVersionUseCase testVersion, ConsoleSupport support, Pages pages) {
        this.prompts = prompts;
        this.endpoints = endpoints;
        this.testVersion = testVersion;
        this.support = support;
        this.pages = pages;
        this.testForm = new TestForm(support);
    }

    void register(ConsoleRouter router) {
        router.get("/console/prompts", Access.TENANT, this::list);
        router.get("/console/prompts/new", Access.TENANT_MANAGE, this::newForm);
        router.post("/console/prompts", Access.TENANT_MANAGE, this::create);
        router.get("/console/prompts/{id}", Access.TENANT, this::detail);
        router.get("/console/prompts/{id}/drafts/new", Access.TENANT_MANAGE, this::draftForm);
        router.post("/console/prompts/{id}/drafts", Access.TENANT_MANAGE, this::createDraft);
        router.get("/console/prompts/{id}/versions/{version}/publish", Access.TENANT_MANAGE, this::confirmPublish);
        router.post("/console/prompts/{id}/versions/{version}/publish", Access.TENANT_MANAGE, this::publish);
        router.get("/console/prompts/{id}/versions/{version}/test", Access.TENANT_MANAGE, this::testPage);
        router.post("/console/prompts/{id}/versions/{version}/test", Access.TENANT_MANAGE, this::test);
    }

    private void list(Context ctx, Visitor visitor) {
        Map<String, String> paths = endpointPaths(visitor);
        pages.render(ctx, "prompts", new PromptPages.ListPage(visitor.frame("Prompts", Nav.PROMPTS),
                prompts.list(visitor.caller(), Optional.empty()).stream()
                        .map(prompt -> PromptPages.PromptRow.of(prompt, paths)).toList(), visitor.canManage()));
    }

    private void newForm(Context ctx, Visitor visitor) {
        String endpointId = Optional.ofNullable(ctx.queryParam("endpoint_id")).orElse("");
        promptForm(ctx, visitor, 200, new PromptPages.Fields("", endpointId, "", ""), FormErrors.NONE);
    }

    private void create(Context ctx, Visitor visitor) {
        PromptPages.Fields fields = new PromptPages.Fields(Forms.text(ctx, "name").strip(),
                Forms.text(ctx, "endpoint_id"), Forms.text(ctx, "title"), Forms.text(ctx, "description"));
        try {
            ObjectNode body = support.object();
            body.put("name", fields.name());
            if (!fields.endpointId().isEmpty()) {
                body.put("endpoint_id", fields.endpointId());
            }
            body.put("title", fields.title());
            body.put("description", fields.description());
            Prompt created = prompts.create(visitor.caller(), support.newPrompt(body));
            ctx.redirect("/console/prompts/" + created.id().value() + "/drafts/new?created", HttpStatus.SEE_OTHER);
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            promptForm(ctx, visitor, ConsoleErrors.status(refusal), fields, FormErrors.of(refusal));
        }
    }

    private void promptForm(Context ctx, Visitor visitor, int status, PromptPages.Fields fields, FormErrors errors) {
        List<PromptPages.EndpointChoice> choices = endpoints.list(visitor.caller()).stream()
                .map(endpoint -> new PromptPages.EndpointChoice(endpoint.id().value(), endpoint.path().value()))
                .toList();
        pages.render(ctx, status, "prompt-form", new PromptPages.FormPage(visitor.frame("New prompt", Nav.PROMPTS),
                fields, choices, errors));
    }

    /**
     * The prompt, and two versions compared: {@code ?left=&right=} when given, else the live version against the
     * newest (the draft about to replace it), else the newest two.
     */
    private void detail(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        List<PromptPages.VersionView> versions = prompts.listVersions(visitor.caller(), prompt.id().value()).stream()
                .map(version -> PromptPages.VersionView.of(version, support)).toList();
        Optional<PromptPages.Comparison> comparison = comparison(versions, number(ctx.queryParam("left")),
                number(ctx.queryParam("right")));
        Frame frame = visitor.frame("Prompt " + prompt.name(), Nav.PROMPTS).withNotice(notice(ctx));
        pages.render(ctx, "prompt", new PromptPages.DetailPage(frame, prompt.id().value(), prompt.name(),
                prompt.title(), prompt.description(), endpointOf(visitor, prompt), versions, comparison,
                visitor.canManage()));
    }

    private static Optional<PromptPages.Comparison> comparison(List<PromptPages.VersionView> newestFirst,
            Optional<Integer> left, Optional<Integer> right) {
        if (newestFirst.size() < 2) {
            return Optional.empty();
        }
        Optional<PromptPages.VersionView> live = newestFirst.stream().filter(v -> v.status().equals("live"))
                .findFirst();
        PromptPages.VersionView newest = newestFirst.get(0);
        PromptPages.VersionView older = live.filter(v -> v.number() != newest.number()).orElse(newestFirst.get(1));
        PromptPages.VersionView a = left.flatMap(n -> find(newestFirst, n)).orElse(older);
        PromptPages.VersionView b = right.flatMap(n -> find(newestFirst, n)).orElse(newest);
        return Optional.of(PromptPages.Comparison.of(a, b));
    }

    private static Optional<PromptPages.VersionView> find(List<PromptPages.VersionView> versions, int number) {
        return versions.stream().filter(version -> version.number() == number).findFirst();
    }

    /** A new draft starts as a copy of the newest version, so that it is an edit, not a rewrite. */
    private void draftForm(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptPages.DraftFields fields = prompts.listVersions(visitor.caller(), prompt.id().value()).stream()
                .findFirst().map(version -> PromptPages.DraftFields.of(PromptPages.VersionView.of(version, support)))
                .orElse(PromptPages.DraftFields.NEW);
        Frame frame = visitor.frame("New draft of " + prompt.name(), Nav.PROMPTS)
                .withNotice(ctx.queryParam("created") != null
                        ? Optional.of("Prompt created. Write its first draft.") : Optional.empty());
        pages.render(ctx, "draft-form", new PromptPages.DraftPage(frame, prompt.id().value(), prompt.name(), fields,
                FormErrors.NONE));
    }

    private void createDraft(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptPages.DraftFields fields = new PromptPages.DraftFields(Forms.text(ctx, "system_template"),
                Forms.text(ctx, "user_template"), Forms.text(ctx, "model").strip(),
                Forms.text(ctx, "provider").strip(), Forms.text(ctx, "temperature").strip(),
                Forms.text(ctx, "max_tokens").strip(), Forms.text(ctx, "output_schema"),
                Forms.text(ctx, "fallback_models"));
        try {
            PromptVersion draft = prompts.createDraft(visitor.caller(),
                    support.newDraft(prompt.id().value(), draftBody(fields)));
            ctx.redirect("/console/prompts/" + prompt.id().value() + "?right=" + draft.number() + "&drafted",
                    HttpStatus.SEE_OTHER);
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            pages.render(ctx, ConsoleErrors.status(refusal), "draft-form", new PromptPages.DraftPage(
                    visitor.frame("New draft of " + prompt.name(), Nav.PROMPTS), prompt.id().value(), prompt.name(),
                    fields, FormErrors.of(refusal)));
        }
    }

    /** The form as the API's body: empty optional fields left out, numbers as numbers where they are numbers. */
    private ObjectNode draftBody(PromptPages.DraftFields fields) {
        ObjectNode body = support.object();
        if (!fields.systemTemplate().isBlank()) {
            body.put("system_template", fields.systemTemplate());
        }
        body.put("user_template", fields.userTemplate());
        body.put("model", fields.model());
        if (!fields.provider().isEmpty()) {
            body.put("provider", fields.provider());
        }
        if (!fields.temperature().isEmpty()) {
            if (fields.temperature().matches("-?\\d{1,3}(\\.\\d{1,6})?")) {
                body.put("temperature", Double.parseDouble(fields.temperature()));
            } else {
                body.put("temperature", fields.temperature());
            }
        }
        if (!fields.maxTokens().isEmpty()) {
            if (fields.maxTokens().matches("\\d{1,9}")) {
                body.put("max_tokens", Integer.parseInt(fields.maxTokens()));
            } else {
                body.put("max_tokens", fields.maxTokens());
            }
        }
        if (!fields.outputSchema().isBlank()) {
            body.set("output_schema", support.readField("output_schema", fields.outputSchema()));
        }
        List<String> fallbacks = List.of(fields.fallbackModels().split(",")).stream().map(String::strip)
                .filter(name -> !name.isEmpty()).toList();
        if (!fallbacks.isEmpty()) {
            ArrayNode array = body.putArray("fallback_models");
            fallbacks.forEach(array::add);
        }
        return body;
    }

    private void confirmPublish(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptVersion draft = version(visitor, prompt, ctx.pathParam("version"));
        PromptPages.VersionView view = PromptPages.VersionView.of(draft, support);
        Optional<PromptPages.Comparison> againstLive = prompts.listVersions(visitor.caller(), prompt.id().value())
                .stream().filter(version -> version.status() == VersionStatus.LIVE).findFirst()
                .map(live -> PromptPages.Comparison.of(PromptPages.VersionView.of(live, support), view));
        pages.render(ctx, "publish", new PromptPages.PublishPage(
                visitor.frame("Publish version " + draft.number() + " of " + prompt.name(), Nav.PROMPTS),
                prompt.id().value(), prompt.name(), view, againstLive));
    }

    private void publish(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptVersion live = prompts.publish(visitor.caller(), prompt.id().value(),
                version(visitor, prompt, ctx.pathParam("version")).number());
        ctx.redirect("/console/prompts/" + prompt.id().value() + "?published=" + live.number(), HttpStatus.SEE_OTHER);
    }

    private void testPage(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptVersion version = version(visitor, prompt, ctx.pathParam("version"));
        Optional<Endpoint> endpoint = endpointEntity(visitor, prompt);
        renderTest(ctx, visitor, 200, prompt, version, endpoint, testForm.fields(endpoint, Map.of()), "{}",
                Optional.empty(), FormErrors.NONE, Optional.empty());
    }

    private void test(Context ctx, Visitor visitor) {
        Prompt prompt = prompts.get(visitor.caller(), ctx.pathParam("id"));
        PromptVersion version = version(visitor, prompt, ctx.pathParam("version"));
        Optional<Endpoint> endpoint = endpointEntity(visitor, prompt);
        Map<String, String> posted = ctx.formParamMap().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("in.") && !entry.getValue().isEmpty())
                .collect(Collectors.toMap(entry -> entry.getKey().substring(3), entry -> entry.getValue().get(0),
                        (first, second) -> first));
        List<PromptPages.InputField> fields = testForm.fields(endpoint, posted);
        String freeForm = Forms.text(ctx, "input");
        try {
            String input = endpoint.isPresent() ? testForm.input(fields)
                    : support.text(support.readField("input", freeForm.isBlank() ? "{}" : freeForm));
            Execution run = testVersion.test(new TestPromptVersionCommand(visitor.caller(), prompt.id().value(),
                    version.number(), input, visitor.requestId()));
            renderTest(ctx, visitor, 200, prompt, version, endpoint, fields, freeForm,
                    Optional.of(PromptPages.TestResult.of(run, support)), FormErrors.NONE, Optional.empty());
        } catch (PromptEngineException refusal) {
            Optional<String> execution = refusal instanceof ExecutionFailedException failed
                    ? Optional.of(failed.executionId()) : Optional.empty();
            PromptEngineException shown = refusal instanceof ExecutionFailedException failed ? failed.failure()
                    : refusal;
            renderTest(ctx, visitor, ConsoleErrors.status(shown), prompt, version, endpoint, fields, freeForm,
                    Optional.empty(), FormErrors.of(shown), execution);
        }
    }

    private void renderTest(Context ctx, Visitor visitor, int status, Prompt prompt, PromptVersion version,
            Optional<Endpoint> endpoint, List<PromptPages.InputField> fields, String freeForm,
            Optional<PromptPages.TestResult> result, FormErrors errors, Optional<String> failedExecution) {
        pages.render(ctx, status, "test", new PromptPages.TestPage(
                visitor.frame("Test version " + version.number() + " of " + prompt.name(), Nav.PROMPTS),
                prompt.id().value(), prompt.name(), PromptPages.VersionView.of(version, support), fields,
                endpoint.isEmpty(), freeForm, result, errors, failedExecution));
    }

    private PromptVersion version(Visitor visitor, Prompt prompt, String text) {
        int number = number(text).orElseThrow(() -> new NotFoundException(
                "No version '" + text + "' of this prompt; versions are numbered from 1"));
        return prompts.getVersion(visitor.caller(), prompt.id().value(), number);
    }

    private Optional<PromptPages.EndpointChoice> endpointOf(Visitor visitor, Prompt prompt) {
        return endpointEntity(visitor, prompt)
                .map(endpoint -> new PromptPages.EndpointChoice(endpoint.id().value(), endpoint.path().value()));
    }

    private Optional<Endpoint> endpointEntity(Visitor visitor, Prompt prompt) {
        return prompt.endpointId().map(id -> endpoints.get(visitor.caller(), id.value()));
    }

    private Map<String, String> endpointPaths(Visitor visitor) {
        return endpoints.list(visitor.caller()).stream()
                .collect(Collectors.toMap(endpoint -> endpoint.id().value(), endpoint -> endpoint.path().value()));
    }

    private static Optional<Integer> number(String text) {
        if (text == null || text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int number = Integer.parseInt(text);
        return number < 1 ? Optional.empty() : Optional.of(number);
    }

    private static Optional<String> notice(Context ctx) {
        if (ctx.queryParam("drafted") != null) {
            return Optional.of("Draft saved. Test it, then publish it.");
        }
        return number(ctx.queryParam("published")).map(version -> "Version " + version + " is live.");
    }
}

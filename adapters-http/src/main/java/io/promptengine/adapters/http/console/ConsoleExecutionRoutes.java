package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.Scope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A tenant's executions: the log, filtered by status, model, source and creation time (read as
 * {@code GET /v1/executions} reads its parameters, so a bad one is refused by the same words, next to its field),
 * in cursor pages; one execution in full; and cancelling one that has not ended, after a confirmation. A page that
 * shows a running execution fetches it again every two seconds (htmx) until it ends.
 */
final class ConsoleExecutionRoutes {

    private final GetExecutionUseCase get;
    private final ListExecutionsUseCase list;
    private final CancelExecutionUseCase cancel;
    private final ConsoleSupport support;
    private final Pages pages;

    ConsoleExecutionRoutes(GetExecutionUseCase get, ListExecutionsUseCase list, CancelExecutionUseCase cancel,
            ConsoleSupport support, Pages pages) {
        this.get = get;
        this.list = list;
        this.cancel = cancel;
        this.support = support;
        this.pages = pages;
    }

    void register(ConsoleRouter router) {
        router.get("/console/executions", Access.TENANT, (ctx, visitor) -> log(ctx, visitor, "executions"));
        router.get("/console/executions/rows", Access.TENANT, (ctx, visitor) -> log(ctx, visitor, "executionRows"));
        router.get("/console/executions/{id}", Access.TENANT, this::detail);
        router.get("/console/executions/{id}/live", Access.TENANT, this::live);
        router.get("/console/executions/{id}/cancel", Access.TENANT, this::confirmCancel);
        router.post("/console/executions/{id}/cancel", Access.TENANT, this::cancel);
    }

    private void log(Context ctx, Visitor visitor, String template) {
        ExecutionPages.Filter filter = new ExecutionPages.Filter(query(ctx, "status"), query(ctx, "model"),
                query(ctx, "source"), query(ctx, "created_from"), query(ctx, "created_before"));
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        put(parameters, "status", filter.status());
        put(parameters, "model", filter.model().strip());
        put(parameters, "source", filter.source());
        put(parameters, "created_from", instant(filter.createdFrom()));
        put(parameters, "created_before", instant(filter.createdBefore()));
        String query = parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue().get(0), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String cursor = query(ctx, "cursor");
        put(parameters, "cursor", cursor);
        Frame frame = visitor.frame("Executions", Nav.EXECUTIONS);
        try {
            ExecutionList page = list.list(support.executionsQuery(visitor.caller(), parameters));
            pages.render(ctx, template, new ExecutionPages.ListPage(frame, filter, ExecutionPages.STATUSES,
                    ExecutionPages.SOURCES, page.items().stream().map(ExecutionPages.Row::of).toList(), query,
                    page.nextCursor(), cursor, FormErrors.NONE));
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            pages.render(ctx, ConsoleErrors.status(refusal), "executions", new ExecutionPages.ListPage(frame, filter,
                    ExecutionPages.STATUSES, ExecutionPages.SOURCES, List.of(), query, Optional.empty(), "",
                    FormErrors.of(refusal)));
        }
    }

    private void detail(Context ctx, Visitor visitor) {
        Execution execution = get.get(visitor.caller(), ctx.pathParam("id"));
        pages.render(ctx, "execution", page(visitor, execution, ctx.queryParam("cancelled") != null
                ? Optional.of("Cancelled.") : Optional.empty()));
    }

    /** The execution's section alone, for the page's htmx refresh while it runs. */
    private void live(Context ctx, Visitor visitor) {
        Execution execution = get.get(visitor.caller(), ctx.pathParam("id"));
        pages.render(ctx, "executionBody", page(visitor, execution, Optional.empty()));
    }

    private void confirmCancel(Context ctx, Visitor visitor) {
        Execution execution = get.get(visitor.caller(), ctx.pathParam("id"));
        ExecutionPages.Detail detail = ExecutionPages.Detail.of(execution, support);
        if (!detail.running()) {
            ctx.redirect(detail.href(), HttpStatus.SEE_OTHER);
            return;
        }
        pages.render(ctx, "cancel", new ExecutionPages.CancelPage(
                visitor.frame("Cancel execution " + detail.id(), Nav.EXECUTIONS), detail));
    }

    private void cancel(Context ctx, Visitor visitor) {
        Execution cancelled = cancel.cancel(visitor.caller(), ctx.pathParam("id"));
        ctx.redirect("/console/executions/" + cancelled.id().value() + "?cancelled", HttpStatus.SEE_OTHER);
    }

    private ExecutionPages.DetailPage page(Visitor visitor, Execution execution, Optional<String> notice) {
        ExecutionPages.Detail detail = ExecutionPages.Detail.of(execution, support);
        boolean canCancel = detail.running() && visitor.holds(Scope.EXECUTE);
        return new ExecutionPages.DetailPage(visitor.frame("Execution " + detail.id(), Nav.EXECUTIONS)
                .withNotice(notice), detail, canCancel);
    }

    private static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value;
    }

    private static void put(Map<String, List<String>> parameters, String name, String value) {
        if (!value.isEmpty()) {
            parameters.put(name, List.of(value));
        }
    }

    /**
     * A browser's {@code datetime-local} value ({@code 2026-01-31T09:30}) as the UTC instant the form says it is;
     * anything else as it was typed, for the API's reader to accept or refuse.
     */
    private static String instant(String text) {
        String value = text.strip();
        if (value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
            return value + ":00Z";
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")) {
            return value + "Z";
        }
        return value;
    }
}

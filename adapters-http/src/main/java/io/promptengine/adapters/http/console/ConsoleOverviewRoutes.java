package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.in.ActivityQuery;
import io.promptengine.application.port.in.ActivityQuery.Window;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tenant's overview at {@code /console}: its requests, errors, tokens and cost over the last 24 hours, 7 or 30
 * days ({@code ?window=24h|7d|30d}) from the same activity report the use cases compute, and its latest failures,
 * each linking to its execution. Needs the {@code read} scope, as the API's reads do.
 */
final class ConsoleOverviewRoutes {

    static final int LATEST_FAILURES = 5;

    private final Pages pages;
    private final UsageReportUseCase usage;
    private final ListExecutionsUseCase executions;

    ConsoleOverviewRoutes(Pages pages, UsageReportUseCase usage, ListExecutionsUseCase executions) {
        this.pages = pages;
        this.usage = usage;
        this.executions = executions;
    }

    void register(ConsoleRouter router) {
        router.get("/console", Access.TENANT, this::overview);
    }

    private void overview(Context ctx, Visitor visitor) {
        Window window = window(ctx.queryParam("window"));
        Caller caller = visitor.caller();
        ActivityReport activity = usage.activity(new ActivityQuery(caller, window));
        pages.render(ctx, "overview", new OverviewPage(visitor.frame("Overview", Nav.OVERVIEW), window, activity,
                latestFailures(caller)));
    }

    private static Window window(String name) {
        if (name == null) {
            return Window.LAST_24_HOURS;
        }
        return Window.fromWire(name).orElseThrow(() -> new InvalidInputException("window",
                "Query parameter 'window' must be one of 24h, 7d, 30d"));
    }

    /** The newest executions that failed or timed out: both count as errors in the charts. */
    private List<Execution> latestFailures(Caller caller) {
        return Stream.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT)
                .flatMap(status -> executions.list(new ListExecutionsQuery(caller, new ExecutionFilter(
                        Optional.of(status), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                        Optional.empty(), LATEST_FAILURES)).items().stream())
                .sorted(Comparator.comparing(Execution::createdAt).reversed())
                .limit(LATEST_FAILURES)
                .toList();
    }
}

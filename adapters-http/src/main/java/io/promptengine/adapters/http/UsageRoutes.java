package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.UsageQuery;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/usage?group_by=day|endpoint|model&from=…&to=…} ({@code read} scope): the caller's tenant's
 * executions created in {@code [from, to)}, with their tokens and cost summed per group.
 */
final class UsageRoutes {

    private static final Set<String> NAMES = Set.of("group_by", "from", "to");
    private static final String NAME_LIST = "group_by, from, to";

    private final Credentials credentials;
    private final UsageReportUseCase usage;
    private final Json json;

    UsageRoutes(Credentials credentials, UsageReportUseCase usage, Json json) {
        this.credentials = credentials;
        this.usage = usage;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.get("/v1/usage", this::report);
    }

    private void report(Context ctx) {
        Caller caller = credentials.caller(ctx);
        Map<String, List<String>> parameters = QueryString.parameters(ctx);
        ListParameters.requireKnown(parameters, NAMES, NAME_LIST);
        UsageReport.GroupBy groupBy = ListParameters.value(parameters, "group_by")
                .map(name -> UsageReport.GroupBy.fromWire(name).orElseThrow(() -> new InvalidInputException(
                        "group_by", "Query parameter 'group_by' must be one of day, endpoint, model")))
                .orElse(UsageReport.GroupBy.DAY);
        UsageQuery query = new UsageQuery(caller, groupBy,
                ListParameters.value(parameters, "from").map(text -> ListParameters.instant("from", text)),
                ListParameters.value(parameters, "to").map(text -> ListParameters.instant("to", text)));
        json.respond(ctx, 200, ReportBody.of(usage.report(query)));
    }

    /** The report on the wire. */
    record ReportBody(String groupBy, String from, String to, List<RowBody> data) {
        static ReportBody of(UsageReport report) {
            return new ReportBody(report.groupBy().wireName(), report.range().from().toString(),
                    report.range().to().toString(), report.rows().stream().map(RowBody::of).toList());
        }
    }

    /** One group: {@code key} is absent for the executions of no endpoint. */
    record RowBody(String key, long executions, long inputTokens, long outputTokens, long totalTokens,
            long cachedInputTokens, long cacheWriteTokens, long reasoningTokens, BigDecimal cost,
            long unpricedExecutions) {
        static RowBody of(UsageReport.Row row) {
            Usage usage = row.usage();
            return new RowBody(row.key().orElse(null), row.executions(), usage.inputTokens(), usage.outputTokens(),
                    usage.totalTokens(), usage.cachedInputTokens(), usage.cacheWriteTokens(),
                    usage.reasoningTokens(), row.cost(), row.unpricedExecutions());
        }
    }
}

package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.model.UsageReport.GroupBy;
import io.promptengine.application.port.in.UsageQuery;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The tenant's usage at {@code /console/usage}: the report of {@code GET /v1/usage} by day, model or endpoint over
 * UTC days ({@code from} and {@code to} both included, the last 30 days by default), and the same report as CSV at
 * {@code /console/usage.csv}. The use case checks the scope and the span, as for the API.
 */
final class ConsoleUsageRoutes {

    static final String PATH = "/console/usage";

    private final Pages pages;
    private final UsageReportUseCase usage;

    ConsoleUsageRoutes(Pages pages, UsageReportUseCase usage) {
        this.pages = pages;
        this.usage = usage;
    }

    void register(ConsoleRouter router) {
        router.get(PATH, Access.TENANT, this::page);
        router.get(PATH + ".csv", Access.TENANT, this::csv);
    }

    private void page(Context ctx, Visitor visitor) {
        UsagePage.Form form = UsagePage.Form.read(ctx);
        Frame frame = visitor.frame("Usage", Nav.USAGE);
        try {
            pages.render(ctx, "usage", new UsagePage(frame, form, FormErrors.NONE,
                    Optional.of(usage.report(query(visitor, form)))));
        } catch (PromptEngineException refusal) {
            if (!ConsoleErrors.belongsToForm(refusal)) {
                throw refusal;
            }
            pages.render(ctx, ConsoleErrors.status(refusal), "usage", new UsagePage(frame, form,
                    FormErrors.of(refusal), Optional.empty()));
        }
    }

    private void csv(Context ctx, Visitor visitor) {
        UsageReport report = usage.report(query(visitor, UsagePage.Form.read(ctx)));
        ctx.header("Content-Disposition", "attachment; filename=\"" + UsageCsv.fileName(report) + "\"");
        ctx.contentType(UsageCsv.CONTENT_TYPE).result(UsageCsv.of(report));
    }

    private static UsageQuery query(Visitor visitor, UsagePage.Form form) {
        GroupBy groupBy = GroupBy.fromWire(form.groupBy()).orElseThrow(() -> new InvalidInputException("group_by",
                "Query parameter 'group_by' must be one of day, endpoint, model"));
        return new UsageQuery(visitor.caller(), groupBy, day("from", form.from()).map(UsagePage::startOf),
                day("to", form.to()).map(to -> UsagePage.startOf(to.plusDays(1))));
    }

    private static Optional<LocalDate> day(String field, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Query parameter '" + field + "' must be a day such as 2025-06-01");
        }
    }
}

package io.promptengine.adapters.http.console;

import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The records the execution templates render. */
final class ExecutionPages {

    private ExecutionPages() {
    }

    /** The statuses and sources a filter can choose, as the API names them. */
    static final List<String> STATUSES = List.of("queued", "running", "completed", "failed", "cancelled",
            "timed_out");
    static final List<String> SOURCES = List.of("execute_api", "endpoint", "prompt", "test", "chat_api");

    /** An execution in the log. */
    record Row(String id, String status, String source, String model, String createdAt, long tokens, String cost,
            String latency, boolean running) {

        static Row of(Execution execution) {
            return new Row(execution.id().value(), execution.status().wireName(),
                    execution.request().source().wireName(), execution.request().model(),
                    execution.createdAt().toString(), execution.usage().totalTokens(), costOf(execution),
                    execution.latency().map(latency -> latency.toMillis() + " ms").orElse(""),
                    !execution.status().isTerminal());
        }

        String href() {
            return "/console/executions/" + id;
        }
    }

    /** The filter as the form holds it; each value as typed. */
    record Filter(String status, String model, String source, String createdFrom, String createdBefore) {

        static final Filter NONE = new Filter("", "", "", "", "");
    }

    /**
     * A page of the log.
     *
     * @param query the filter as a query string ({@code status=failed&model=...}), for the next page's link
     * @param nextCursor the cursor of the next page; empty on the last
     * @param cursor this page's cursor; empty on the first
     */
    record ListPage(Frame frame, Filter filter, List<String> statuses, List<String> sources, List<Row> rows,
            String query, Optional<String> nextCursor, String cursor, FormErrors errors) {

        boolean firstPage() {
            return cursor.isEmpty();
        }

        boolean anyRunning() {
            return rows.stream().anyMatch(Row::running);
        }

        /** Where htmx fetches the rows again while some are running: this very page, its table alone. */
        String refreshUrl() {
            return "/console/executions/rows?" + query + (cursor.isEmpty() ? "" : "&cursor=" + encoded(cursor));
        }

        String nextUrl() {
            return "/console/executions?" + query + "&cursor=" + encoded(nextCursor.orElse(""));
        }

        private static String encoded(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    /** One execution in full. */
    record Detail(String id, String status, String source, String model, String provider, String input,
            String output, Optional<String> error, int attempts, int providerCalls, Optional<String> lastProviderError,
            Optional<String> fallbackModel, long inputTokens, long outputTokens, String cost, boolean cacheHit,
            String createdAt, String startedAt, String completedAt, String latency, Optional<String> endpointId,
            Optional<String> promptVersionId, String requestId, boolean running) {

        static Detail of(Execution execution, ConsoleSupport support) {
            String input = execution.request().input();
            return new Detail(execution.id().value(), execution.status().wireName(),
                    execution.request().source().wireName(), execution.request().model(),
                    execution.request().provider(), prettyIfJson(input, support),
                    execution.output().map(output -> output.json().map(json -> prettyIfJson(json, support))
                            .orElse(output.text())).orElse(""),
                    execution.error().map(ExecutionPages::describe), execution.attempts(),
                    execution.modelCalls().count(), execution.modelCalls().lastError().map(ExecutionPages::describe),
                    execution.modelCalls().fallbackModel(), execution.usage().inputTokens(),
                    execution.usage().outputTokens(), costOf(execution), execution.cacheHit(),
                    execution.createdAt().toString(), execution.startedAt().map(Object::toString).orElse(""),
                    execution.completedAt().map(Object::toString).orElse(""),
                    execution.latency().map(latency -> latency.toMillis() + " ms").orElse(""),
                    execution.request().endpointId().map(EndpointId::value), execution.request().promptVersionId(),
                    execution.request().requestId(), !execution.status().isTerminal());
        }

        String href() {
            return "/console/executions/" + id;
        }
    }

    /**
     * @param canCancel the key may cancel (it holds {@code execute}) and the execution has not ended
     */
    record DetailPage(Frame frame, Detail execution, boolean canCancel) {
    }

    record CancelPage(Frame frame, Detail execution) {
    }

    private static String costOf(Execution execution) {
        return execution.cost().map(cost -> "$" + cost.toPlainString()).orElse("not priced");
    }

    private static String describe(ExecutionError error) {
        return error.code() + ": " + error.message();
    }

    private static String prettyIfJson(String text, ConsoleSupport support) {
        try {
            return support.pretty(text);
        } catch (RuntimeException notJson) {
            return text;
        }
    }
}

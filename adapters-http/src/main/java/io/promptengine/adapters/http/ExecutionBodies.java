package io.promptengine.adapters.http;

import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of executions on the wire, one record per response body. Field names are written in snake_case
 * by {@link Json}; a {@code null} component is left out of the document. Timestamps are RFC 3339 in UTC.
 */
final class ExecutionBodies {

    private ExecutionBodies() {
    }

    /**
     * {@code usage}: tokens the model calls consumed; the cached, cache-write and reasoning counts are parts of the
     * input and output tokens, not added to them.
     */
    record UsageBody(long inputTokens, long outputTokens, long totalTokens, long cachedInputTokens,
            long cacheWriteTokens, long reasoningTokens) {
        static UsageBody of(Usage usage) {
            return new UsageBody(usage.inputTokens(), usage.outputTokens(), usage.totalTokens(),
                    usage.cachedInputTokens(), usage.cacheWriteTokens(), usage.reasoningTokens());
        }
    }

    /** {@code error} of a failed or timed-out execution. */
    record FailureBody(String code, String message) {
        static FailureBody of(ExecutionError error) {
            return new FailureBody(error.code(), error.message());
        }
    }

    /**
     * 200 of {@code POST /v1/prompt/execute}, in the seed's shape (no {@code finish_reason}, no {@code cost}); and
     * the {@code completed} event of a stream, which adds both ({@code cost} left out when the model has no price).
     */
    record CompletedBody(String id, String status, String model, String output, String finishReason,
            UsageBody usage, BigDecimal cost, String createdAt, String completedAt) {
        static CompletedBody of(Execution execution) {
            return new CompletedBody(execution.id().value(), execution.status().wireName(),
                    execution.request().model(), execution.output().map(ExecutionOutput::text).orElse(""), null,
                    UsageBody.of(execution.usage()), null, time(execution.createdAt()),
                    execution.completedAt().map(ExecutionBodies::time).orElse(null));
        }

        /** The {@code completed} event of a stream of the execute API: the answer, its finish reason and cost. */
        static CompletedBody streamed(Execution execution) {
            return streamed(execution, execution.output().map(ExecutionOutput::text).orElse(""));
        }

        /** As {@link #streamed(Execution)}, with {@code output} in place of the text, such as a checked document. */
        static CompletedBody streamed(Execution execution, String output) {
            return new CompletedBody(execution.id().value(), execution.status().wireName(),
                    execution.request().model(), output,
                    execution.output().map(answer -> answer.finishReason().wireName()).orElse(null),
                    UsageBody.of(execution.usage()), execution.cost().orElse(null), time(execution.createdAt()),
                    execution.completedAt().map(ExecutionBodies::time).orElse(null));
        }
    }

    /** 202 of {@code POST /v1/prompt/execute}. */
    record QueuedBody(String id, String status, String createdAt) {
        static QueuedBody of(Execution execution) {
            return new QueuedBody(execution.id().value(), execution.status().wireName(),
                    time(execution.createdAt()));
        }

        /** The 202 of the request that queued {@code execution}, whatever has become of it since. */
        static QueuedBody asQueued(Execution execution) {
            return new QueuedBody(execution.id().value(), ExecutionStatus.QUEUED.wireName(),
                    time(execution.createdAt()));
        }
    }

    /** {@code GET /v1/executions/{id}/status}: enough to poll. */
    record StatusBody(String id, String status, String createdAt, String startedAt, String completedAt,
            FailureBody error) {
        static StatusBody of(Execution execution) {
            return new StatusBody(execution.id().value(), execution.status().wireName(), time(execution.createdAt()),
                    execution.startedAt().map(ExecutionBodies::time).orElse(null),
                    execution.completedAt().map(ExecutionBodies::time).orElse(null),
                    execution.error().map(FailureBody::of).orElse(null));
        }
    }

    /** The whole execution: {@code GET /v1/executions/{id}}, the cancel answer and each item of a listing. */
    record ExecutionBody(String id, String status, String source, String model, String provider, String input,
            String output, String finishReason, UsageBody usage, BigDecimal cost, boolean cacheHit, int attempts,
            int providerAttempts, FailureBody lastProviderError, String fallbackModel,
            Long latencyMs, String requestId, String idempotencyKey, String traceId, FailureBody error,
            String createdAt, String startedAt, String completedAt, List<MessageBody> messages) {
        static ExecutionBody of(Execution execution) {
            return new ExecutionBody(execution.id().value(), execution.status().wireName(),
                    execution.request().source().wireName(), execution.request().model(),
                    execution.request().provider(), execution.request().input(),
                    execution.output().map(ExecutionOutput::text).orElse(null),
                    execution.output().map(output -> output.finishReason().wireName()).orElse(null),
                    UsageBody.of(execution.usage()), execution.cost().orElse(null), execution.cacheHit(),
                    execution.attempts(), execution.modelCalls().count(),
                    execution.modelCalls().lastError().map(FailureBody::of).orElse(null),
                    execution.modelCalls().fallbackModel().orElse(null),
                    execution.latency().map(latency -> latency.toMillis()).orElse(null),
                    execution.request().requestId(), execution.request().idempotencyKey().orElse(null),
                    execution.request().traceParent().map(TraceParent::traceId).orElse(null),
                    execution.error().map(FailureBody::of).orElse(null),
                    time(execution.createdAt()), execution.startedAt().map(ExecutionBodies::time).orElse(null),
                    execution.completedAt().map(ExecutionBodies::time).orElse(null),
                    MessageBody.of(execution.request().messages()));
        }
    }

    /** One of a chat API execution's messages, as it was sent to the model. */
    record MessageBody(String role, String content) {
        /** {@code null}, so left out, for an execution of any other surface. */
        static List<MessageBody> of(List<Message> messages) {
            return messages.isEmpty() ? null : messages.stream()
                    .map(message -> new MessageBody(message.role().wireName(), message.content())).toList();
        }
    }

    /** {@code GET /v1/executions}: a page, newest first. */
    record ListBody(List<ExecutionBody> data, boolean hasMore, String nextCursor) {
        static ListBody of(ExecutionList page) {
            List<ExecutionBody> data = new ArrayList<>(page.items().size());
            for (Execution execution : page.items()) {
                data.add(ExecutionBody.of(execution));
            }
            return new ListBody(data, page.nextCursor().isPresent(), page.nextCursor().orElse(null));
        }
    }

    /** RFC 3339 in UTC, with as many fractional digits as the instant has (none, 3, 6 or 9). */
    static String time(Instant instant) {
        return instant.toString();
    }

    /** {@link #time(Instant)} of a present instant; {@code null}, so left out, for an absent one. */
    static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}

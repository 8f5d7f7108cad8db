package io.promptengine.domain.execution;

import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Executions in each state of the lifecycle, for the domain's own tests. */
final class ExecutionFixtures {

    static final ExecutionId ID = new ExecutionId("exec_1");
    static final Instant CREATED = Instant.parse("2025-01-01T10:00:00Z");
    static final Instant STARTED = CREATED.plusSeconds(1);
    static final Instant ENDED = CREATED.plusSeconds(3);
    static final ExecutionOutput ANSWER = ExecutionOutput.text("hello", FinishReason.STOP);
    static final ExecutionError UPSTREAM = new ExecutionError("upstream_error", "provider said 500");
    static final ExecutionError TIMEOUT = new ExecutionError("timeout", "no answer in 60 s");
    static final Usage USED = new Usage(12, 5);

    private ExecutionFixtures() {
    }

    static ExecutionRequest request() {
        return new ExecutionRequest(new TenantId("ten_1"), new ApiKeyId("key_1"), Surface.EXECUTE_API,
                Optional.empty(), "local", "echo", "Say hello", ModelParameters.DEFAULTS, "req_1", Optional.empty());
    }

    static Execution queued() {
        return Execution.queue(ID, request(), CREATED);
    }

    static Execution running() {
        return queued().start(STARTED);
    }

    static Execution inStatus(ExecutionStatus status) {
        return switch (status) {
            case QUEUED -> queued();
            case RUNNING -> running();
            case COMPLETED -> running().complete(ANSWER, USED, Optional.empty(), ENDED);
            case FAILED -> running().fail(UPSTREAM, Usage.NONE, ENDED);
            case CANCELLED -> running().cancel(ENDED);
            case TIMED_OUT -> running().timeOut(TIMEOUT, ENDED);
        };
    }
}

package io.promptengine.application.fakes;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Executions to seed stores with, for tests that need stored history rather than a run through a service. */
public final class SampleExecutions {

    public static final ApiKeyId KEY = new ApiKeyId("key_test");

    private SampleExecutions() {
    }

    /** An execute-API request of {@code tenant} for {@code model}. */
    public static ExecutionRequest request(TenantId tenant, String model) {
        return new ExecutionRequest(tenant, KEY, Surface.EXECUTE_API, Optional.empty(), "fake", model, "Say hello",
                ModelParameters.DEFAULTS, "req_test", Optional.empty());
    }

    public static Execution queued(String id, TenantId tenant, Instant createdAt) {
        return Execution.queue(new ExecutionId(id), request(tenant, "echo"), createdAt);
    }

    public static Execution running(String id, TenantId tenant, Instant createdAt) {
        return queued(id, tenant, createdAt).start(createdAt.plusMillis(1));
    }

    public static Execution completed(String id, TenantId tenant, Instant createdAt) {
        return running(id, tenant, createdAt).complete(ExecutionOutput.text("hello", FinishReason.STOP),
                new Usage(3, 1), Optional.empty(), createdAt.plusMillis(2));
    }
}

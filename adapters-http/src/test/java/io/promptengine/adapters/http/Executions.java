package io.promptengine.adapters.http;

import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;

/** Executions in each state, built through the domain's own transitions. */
final class Executions {

    static final Instant CREATED = Instant.parse("2025-05-29T10:15:30Z");
    static final Instant STARTED = Instant.parse("2025-05-29T10:15:30.125Z");
    static final Instant ENDED = Instant.parse("2025-05-29T10:15:31.250Z");
    static final Caller ACME = new Caller(new TenantId("ten_acme"), new ApiKeyId("key_acme"),
            EnumSet.allOf(Scope.class), "free", OptionalInt.empty());

    private Executions() {
    }

    static ExecutionRequest request(String model, String input) {
        return new ExecutionRequest(ACME.tenantId(), ACME.apiKeyId(), Surface.EXECUTE_API, Optional.empty(), "local",
                model, input, ModelParameters.DEFAULTS, "req_test", Optional.empty());
    }

    static Execution queued(String id) {
        return Execution.queue(new ExecutionId(id), request("echo", "Hello"), CREATED);
    }

    static Execution running(String id) {
        return queued(id).start(STARTED);
    }

    static Execution completed(String id) {
        return running(id).complete(ExecutionOutput.text("Hello", FinishReason.STOP), new Usage(25, 100),
                Optional.of(new BigDecimal("0.00042")), ENDED);
    }

    static Execution failed(String id) {
        return running(id).fail(new ExecutionError("upstream_error", "The provider answered 500"), new Usage(25, 0),
                ENDED);
    }

    static Execution cancelled(String id) {
        return queued(id).cancel(ENDED);
    }
}

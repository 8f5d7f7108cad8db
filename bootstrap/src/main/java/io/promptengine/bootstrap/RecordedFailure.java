package io.promptengine.bootstrap;

import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.OutputValidationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import java.util.Optional;

/**
 * The exception a sync call that ended {@code execution} threw, made again from its record: what an idempotent
 * replay of a failed call throws, as the HTTP API replays the failure's stored answer. The record keeps the error's
 * code and message, not the exception, so figures some kinds carry (a retry time) are not there again.
 */
final class RecordedFailure {

    private RecordedFailure() {
    }

    /**
     * An {@link ExecutionFailedException} naming {@code ended} around an exception of its recorded kind; an
     * {@link IllegalStateException} for an internal error, as the first call had one (the HTTP API's 500).
     */
    static RuntimeException of(Execution ended) {
        String id = ended.id().value();
        ExecutionError error = ended.error().orElse(new ExecutionError("internal_error",
                "Execution " + id + " ended " + ended.status().name().toLowerCase(java.util.Locale.ROOT)));
        return kind(error).<RuntimeException>map(failure -> new ExecutionFailedException(failure, id))
                .orElseGet(() -> new IllegalStateException("Execution " + id + " failed: " + error.message()));
    }

    private static Optional<PromptEngineException> kind(ExecutionError error) {
        String message = error.message();
        return Optional.ofNullable(switch (error.code()) {
            case "upstream_error" -> new UpstreamException(message);
            case "timeout" -> new DeadlineExceededException(message);
            case "output_validation_failed" -> new OutputValidationException(message);
            case "unavailable" -> new UnavailableException(message);
            case "validation_error" -> new InvalidInputException(message);
            case "not_found" -> new NotFoundException(message);
            case "conflict" -> new ConflictException(message);
            case "forbidden" -> new PermissionDeniedException(message);
            case "unauthorized" -> new AuthenticationException(message);
            case "idempotency_mismatch" -> new IdempotencyMismatchException(message);
            default -> null;
        });
    }
}

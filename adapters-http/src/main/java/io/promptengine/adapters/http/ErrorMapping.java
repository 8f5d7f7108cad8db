package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.ratelimit.LimitExceededException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP answer: every exception a route throws, Javalin's own 404 and 405,
 * and errors Jetty raises before a route runs all leave as {@link ErrorEnvelope} with the status chosen here.
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final String INTERNAL_MESSAGE = "An unexpected error occurred; the request id identifies it in our logs";

    private final Json json;
    private final JsonBody body;

    ErrorMapping(Json json, JsonBody body) {
        this.json = json;
        this.body = body;
    }

    static int status(ErrorKind kind) {
        return switch (kind) {
            case VALIDATION -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case IDEMPOTENCY_MISMATCH -> 422;
            case RATE_LIMITED, QUOTA_EXCEEDED -> 429;
            case UPSTREAM, OUTPUT_VALIDATION_FAILED -> 502;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
        };
    }

    /** The envelope code for a status that no route chose (Jetty's own errors, framework responses). */
    static String code(int status) {
        return switch (status) {
            case 401 -> ErrorKind.UNAUTHORIZED.code();
            case 403 -> ErrorKind.FORBIDDEN.code();
            case 404 -> ErrorKind.NOT_FOUND.code();
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 431 -> "payload_too_large";
            case 429 -> ErrorKind.RATE_LIMITED.code();
            case 503 -> ErrorKind.UNAVAILABLE.code();
            case 504 -> ErrorKind.TIMEOUT.code();
            default -> status >= 500 ? "internal_error" : ErrorKind.VALIDATION.code();
        };
    }

    /** Javalin's exception handler for {@link Exception} and every subclass. */
    void handle(Exception exception, Context ctx) {
        String requestId = RequestIds.of(ctx);
        if (exception instanceof ExecutionFailedException failed) {
            // a failure that ended a recorded execution points at it, as a completed call does
            ctx.header(TenantEndpointRoutes.EXECUTION_ID_HEADER, failed.executionId());
            sendKnown(ctx, failed.failure(), requestId);
        } else if (exception instanceof PromptEngineException known) {
            sendKnown(ctx, known, requestId);
        } else if (exception instanceof HttpError error) {
            send(ctx, error.status(), error.code(), error.getMessage(), null, requestId);
        } else if (exception instanceof MethodNotAllowedResponse notAllowed) {
            String allowed = allowedMethods(notAllowed);
            ctx.header("Allow", allowed);
            send(ctx, 405, code(405), "Method " + ctx.method().name() + " is not allowed on " + ctx.path()
                    + "; allowed: " + allowed, null, requestId);
        } else if (exception instanceof NotFoundResponse) {
            send(ctx, 404, code(404), "No route for " + ctx.method().name() + " " + ctx.path(), null, requestId);
        } else if (exception instanceof HttpResponseException framework) {
            send(ctx, framework.getStatus(), code(framework.getStatus()), framework.getMessage(), null, requestId);
        } else if (isConnectionGone(exception)) {
            // the client hung up mid-body, or its body missed its deadline and the connection was closed under it
            LOG.debug("Connection gone while serving {} {} [request_id={}]", ctx.method(), ctx.path(), requestId,
                    exception);
        } else if (exception instanceof HttpException jetty) {
            // Jetty refusing the request body itself, such as broken chunked encoding.
            send(ctx, jetty.getCode(), code(jetty.getCode()), jetty.getReason(), null, requestId);
        } else {
            LOG.error("Unexpected error on {} {} [request_id={}]", ctx.method(), ctx.path(), requestId, exception);
            send(ctx, 500, "internal_error", INTERNAL_MESSAGE, null, requestId);
        }
    }

    private static boolean isConnectionGone(Exception exception) {
        return exception instanceof EofException || exception instanceof ClosedChannelException
                || exception.getCause() instanceof ClosedChannelException;
    }

    /** An expected outcome of the core: its kind decides status and code, never a stack trace in the log. */
    private void sendKnown(Context ctx, PromptEngineException known, String requestId) {
        String field = known instanceof InvalidInputException invalid ? invalid.field().orElse(null) : null;
        if (known.kind() == ErrorKind.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (known instanceof LimitExceededException refusal) {
            RateLimitHeaders.refuse(ctx, refusal);
        }
        if (known instanceof CircuitOpenException open) {
            ctx.header(RateLimitHeaders.RETRY_AFTER, Long.toString(RateLimitHeaders.retryAfterSeconds(
                    Duration.between(Instant.now(), open.retryAt()))));
        }
        int status = status(known.kind());
        if (status >= 500) {
            LOG.debug("{} {} answered {} {} [request_id={}]", ctx.method(), ctx.path(), status, known.kind().code(),
                    requestId);
        }
        send(ctx, status, known.kind().code(), known.getMessage(), field, requestId);
    }

    /**
     * The envelope of a failure after an event stream began, for its {@code error} event: the status line went out
     * with the first event, so only the code, message and field tell what happened.
     */
    byte[] streamedEnvelope(Context ctx, Exception exception) {
        String requestId = RequestIds.of(ctx);
        PromptEngineException known = exception instanceof ExecutionFailedException failed ? failed.failure()
                : exception instanceof PromptEngineException direct ? direct : null;
        if (known == null) {
            LOG.error("Unexpected error in an event stream [request_id={}]", requestId, exception);
            return envelope(ctx.path(), 500, "internal_error", INTERNAL_MESSAGE, null, requestId);
        }
        String field = known instanceof InvalidInputException invalid ? invalid.field().orElse(null) : null;
        return envelope(ctx.path(), status(known.kind()), known.kind().code(), known.getMessage(), field, requestId);
    }

    /**
     * The answer to a request whose execution had ended without completing before the request could answer (it
     * died, and a retry with its {@code Idempotency-Key} answers for it): the status and code of the recorded error,
     * its message, and the execution's id, as the request that ran it would have been answered.
     */
    void recordedFailure(Context ctx, Execution ended) {
        ExecutionError error = ended.error().orElse(new ExecutionError("internal_error", INTERNAL_MESSAGE));
        int status = 500;
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.code().equals(error.code())) {
                status = status(kind);
            }
        }
        ctx.header(TenantEndpointRoutes.EXECUTION_ID_HEADER, ended.id().value());
        send(ctx, status, error.code(), error.message(), null, RequestIds.of(ctx));
    }

    /** Javalin's last resort for {@link Error}s, which bypass exception handlers: still the envelope, still logged. */
    void handleError(HttpServletResponse response, Error error) {
        String requestId = response.getHeader(RequestIds.HEADER);
        if (requestId == null) {
            requestId = RequestIds.generate();
        }
        LOG.error("Fatal error while serving a request [request_id={}]", requestId, error);
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(500);
        response.setHeader(RequestIds.HEADER, requestId);
        response.setContentType(Json.CONTENT_TYPE);
        try {
            response.getOutputStream().write(envelope("internal_error", INTERNAL_MESSAGE, null, requestId));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Could not write the error response [request_id={}]", requestId, e);
        }
    }

    byte[] envelope(String code, String message, String field, String requestId) {
        return json.write(ErrorEnvelope.of(code, message, field, requestId));
    }

    /** The error body for a request to {@code path}: OpenAI's shape on its routes ({@link OpenAiErrors}), ours elsewhere. */
    byte[] envelope(String path, int status, String code, String message, String field, String requestId) {
        return OpenAiErrors.applies(path) ? json.write(OpenAiErrors.body(status, code, message, field))
                : envelope(code, message, field, requestId);
    }

    private void send(Context ctx, int status, String code, String message, String field, String requestId) {
        body.discardUnread(ctx);
        ctx.status(status).contentType(Json.CONTENT_TYPE)
                .result(envelope(ctx.path(), status, code, message, field, requestId));
    }

    private static String allowedMethods(MethodNotAllowedResponse exception) {
        String methods = exception.getDetails().get("availableMethods");
        if (methods == null) {
            methods = exception.getDetails().get("Available methods");
        }
        return methods == null ? "" : methods;
    }
}

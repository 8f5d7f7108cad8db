package io.promptengine.adapters.http;

import java.util.Optional;
import java.util.function.Function;

/**
 * The server's tracing of the requests it serves, as the routes see it: one span per request, begun before the
 * route's handler runs and ended once it has answered. The composition root connects a tracer; {@link #NONE}
 * traces nothing.
 */
@FunctionalInterface
public interface RequestTracing {

    /** Traces nothing: no span, no trace id. */
    RequestTracing NONE = (method, route, path, header) -> Span.NONE;

    /**
     * Begins the span of a request, on the thread that serves it.
     *
     * @param route the route template the request matched, such as {@code /v1/executions/{id}}, under the base
     *     path; empty for a path only the fallback answers (a tenant endpoint, a 404)
     * @param header the request's header of a name, or null; where an incoming {@code traceparent} is read
     */
    Span begin(String method, String route, String path, Function<String, String> header);

    /** The span of one request; ended once, on the thread that began it. */
    interface Span {

        /** No span. */
        Span NONE = new Span() {
            @Override
            public Optional<String> traceId() {
                return Optional.empty();
            }

            @Override
            public void end(int status) {
            }
        };

        /** The trace the request is in, as its log lines name it. */
        Optional<String> traceId();

        /** The request was answered with {@code status}; the span ends. */
        void end(int status);
    }
}

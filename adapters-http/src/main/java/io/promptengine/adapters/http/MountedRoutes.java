package io.promptengine.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The API's routes as they are added to one Javalin configuration under one {@link BasePath}. Each route class
 * registers its paths here as paths of the API; this puts them under the base path and wraps every handler so
 * that the request is tagged with its id and its base path, and whatever the handler throws becomes our error
 * envelope right there. Nothing is registered application-wide: Javalin's exception handlers are global to an
 * application, and a host's own routes must keep the handlers the host gave them.
 *
 * <p>Once every route is in, {@link #fallback} answers the rest of the base path itself, where Javalin would
 * otherwise give its (or the host's) 404 or 405: a method the path has no route for is our 405 with
 * {@code Allow}, a path with no route at all goes to the tenant endpoints.
 */
final class MountedRoutes {

    /** The methods the fallback answers under the base path; the others are left to the server. */
    private static final List<HandlerType> FALLBACK_METHODS = List.of(HandlerType.GET, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private record Route(HandlerType method, String apiPattern) {
    }

    private final RoutesConfig routes;
    private final BasePath base;
    private final ErrorMapping errors;
    private final RequestTracing tracing;
    private final List<Route> table = new ArrayList<>();
    private final Optional<HttpMetrics> metrics;

    /**
     * @param tracing begins and ends the span of each request
     * @param metrics told of every request once answered, by its route template; empty for none
     */
    MountedRoutes(RoutesConfig routes, BasePath base, ErrorMapping errors, RequestTracing tracing,
            Optional<HttpMetrics> metrics) {
        this.tracing = tracing;
        this.routes = routes;
        this.base = base;
        this.errors = errors;
        this.metrics = metrics;
    }

    BasePath base() {
        return base;
    }

    void get(String apiPattern, Handler handler) {
        add(HandlerType.GET, apiPattern, handler);
    }

    void post(String apiPattern, Handler handler) {
        add(HandlerType.POST, apiPattern, handler);
    }

    void patch(String apiPattern, Handler handler) {
        add(HandlerType.PATCH, apiPattern, handler);
    }

    void delete(String apiPattern, Handler handler) {
        add(HandlerType.DELETE, apiPattern, handler);
    }

    private void add(HandlerType method, String apiPattern, Handler handler) {
        table.add(new Route(method, apiPattern));
        routes.addHttpHandler(method, base.under(apiPattern),
                served(base.under(apiPattern), handler, status -> apiPattern));
    }

    /**
     * Registered last, so that every route above matches first: the base path itself and everything beneath it,
     * for each of {@link #FALLBACK_METHODS}. A path some route serves with another method is answered 405;
     * any other goes to {@code unrouted}, which is where tenant endpoints are called.
     */
    void fallback(Handler unrouted) {
        Handler fallback = served("", ctx -> {
            String allowed = allowedMethods(BasePath.apiPath(ctx));
            if (!allowed.isEmpty()) {
                throw new MethodNotAllowedResponse("Method not allowed", Map.of("availableMethods", allowed));
            }
            unrouted.handle(ctx);
        }, status -> status == 404 || status == 405 ? HttpMetrics.UNMATCHED : HttpMetrics.TENANT_ENDPOINT);
        String everything = base.isRoot() ? "/<rest>" : base.under("/<rest>");
        String itself = base.isRoot() ? "/" : base.value();
        for (HandlerType method : FALLBACK_METHODS) {
            routes.addHttpHandler(method, itself, fallback);
            routes.addHttpHandler(method, everything, fallback);
        }
    }

    /**
     * What every request of ours goes through: its id and base path first, its span and the ids of its log lines
     * around it all, and our envelope for any failure; then the metrics hear of it under the route template
     * {@code metricRoute} gives for its status.
     *
     * @param route the route template, as the span is named; empty for the fallback
     */
    private Handler served(String route, Handler handler, IntFunction<String> metricRoute) {
        return ctx -> {
            long start = System.nanoTime();
            base.attach(ctx);
            RequestIds.assign(ctx);
            RequestTracing.Span span = tracing.begin(ctx.method().name(), route, ctx.path(), ctx::header);
            try (RequestLogContext logged = RequestLogContext.open(RequestIds.of(ctx), span.traceId())) {
                // inside the log context, so that the lines the error mapping writes carry the request's ids
                try {
                    handler.handle(ctx);
                } catch (Exception e) {
                    errors.handle(e, ctx);
                }
            } finally {
                span.end(ctx.statusCode());
            }
            if (metrics.isPresent()) {
                int status = ctx.statusCode();
                metrics.get().served(ctx.method().name(), metricRoute.apply(status), status,
                        Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /** The methods with a route for {@code apiPath}, as Javalin lists them in {@code Allow}; empty when none. */
    private String allowedMethods(String apiPath) {
        return HandlerType.values().stream()
                .filter(method -> table.stream().anyMatch(route -> route.method().equals(method)
                        && matches(route.apiPattern(), apiPath)))
                .map(HandlerType::name)
                .collect(Collectors.joining(", "));
    }

    /** Our patterns have literal segments and {@code {name}} segments, each of which matches one segment. */
    static boolean matches(String apiPattern, String apiPath) {
        String[] pattern = segments(apiPattern);
        String[] path = segments(apiPath);
        if (pattern.length != path.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean parameter = pattern[i].startsWith("{") && pattern[i].endsWith("}");
            if (parameter ? path[i].isEmpty() : !pattern[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    /** The segments of a path, a trailing slash ignored as Javalin ignores it. */
    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }

}

package io.promptengine.adapters.http;

import io.javalin.config.JavalinConfig;
import io.promptengine.application.port.in.AccessUseCases;
import io.promptengine.application.port.in.AdministrationUseCases;
import io.promptengine.application.port.in.ExecutionUseCases;
import io.promptengine.application.port.in.StoredPromptUseCases;
import io.promptengine.application.port.in.UseCases;
import java.util.Objects;
import java.util.Optional;

/**
 * The one route table of Prompt Engine's HTTP API, which the stand-alone {@link HttpApi} serves at the root and a
 * host adds to its own Javalin application under a base path with {@link #mount}. The routes, bodies, headers and
 * error envelope are the same either way.
 *
 * <p>What a mount leaves to the host's server, which the stand-alone server sets itself: the bind address, TLS,
 * connection limits and the receive deadlines of slow clients, the graceful stop, Javalin's and Jetty's own error
 * pages (requests Jetty refuses before any route runs, and {@link Error}s, which bypass route handlers), and
 * {@code config.http.maxRequestSize}. The body limit of {@link HttpSettings#maxBodyBytes()} is enforced by our
 * handlers whatever the server allows.
 */
public final class HttpRoutes {

    private final ErrorMapping errors;
    private final ExecutionRoutes executions;
    private final ApiKeyRoutes apiKeys;
    private final AdminRoutes admin;
    private final AuditEventRoutes auditEvents;
    private final OperationsRoutes operations;
    private final StoredPromptRoutes storedPrompts;
    private final VersionTestRoutes versionTests;
    private final TenantEndpointRoutes tenantEndpoints;
    private final EndpointRoutes endpoints;
    private final WebhookRoutes webhooks;
    private final PromptRoutes prompts;
    private final UsageRoutes usage;
    private final OpenAiRoutes openAi;
    private final RequestTracing tracing;
    private final Optional<HttpMetrics> metrics;
    private final Optional<MetricsRoutes> metricsRoutes;

    /**
     * @param useCases what the routes call, in the groups the composition root builds them in; each set of routes
     *        is given only the use cases it serves
     * @param settings of these only the body limit and the base domain concern the routes; the rest is the
     *        stand-alone server's
     */
    public HttpRoutes(UseCases useCases, HttpSettings settings) {
        this(useCases, settings, RequestTracing.NONE, Optional.empty());
    }

    /**
     * @param tracing begins and ends the span of each request the routes serve
     * @param metrics told of every request by its route template, and what {@code GET /metrics} serves to the
     *        operator; empty for no metrics and no {@code /metrics} route
     */
    public HttpRoutes(UseCases useCases, HttpSettings settings, RequestTracing tracing,
            Optional<HttpMetrics> metrics) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(useCases, "useCases");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(settings, "settings");
        AccessUseCases access = useCases.access();
        ExecutionUseCases runs = useCases.executions();
        StoredPromptUseCases stored = useCases.storedPrompts();
        AdministrationUseCases administration = useCases.administration();
        Json json = new Json();
        JsonBody body = new JsonBody(json, settings.maxBodyBytes());
        this.errors = new ErrorMapping(json, body);
        Credentials credentials = new Credentials(access.authenticate());
        IdempotentRequests idempotent = new IdempotentRequests(access.idempotency(), errors, json);
        this.executions = new ExecutionRoutes(credentials, access.admit(), runs.execute(), runs.get(), runs.list(),
                runs.cancel(), body, json, idempotent, errors);
        this.openAi = new OpenAiRoutes(credentials, access.admit(), runs.execute(), body, json, idempotent, errors);
        this.apiKeys = new ApiKeyRoutes(credentials, administration.apiKeys(), body, json);
        this.admin = new AdminRoutes(access.authenticateOperator(), administration.tenants(), administration.plans(),
                body, json);
        this.auditEvents = new AuditEventRoutes(credentials, access.authenticateOperator(),
                administration.auditEvents(), json);
        this.operations = new OperationsRoutes(useCases.readiness(), json);
        this.storedPrompts = new StoredPromptRoutes(credentials, access.admit(), stored.run(), body, json,
                idempotent, errors);
        this.versionTests = new VersionTestRoutes(credentials, stored.testVersion(), body, json, idempotent);
        this.tenantEndpoints = new TenantEndpointRoutes(credentials, access.admit(), stored.callEndpoint(), body,
                json, idempotent, errors, settings.baseDomain());
        this.endpoints = new EndpointRoutes(credentials, stored.endpoints(), body, json);
        this.webhooks = new WebhookRoutes(credentials, useCases.webhooks(), body, json);
        this.prompts = new PromptRoutes(credentials, stored.prompts(), body, json);
        this.usage = new UsageRoutes(credentials, runs.usage(), json);
        this.metricsRoutes = metrics.map(each -> new MetricsRoutes(access.authenticateOperator(), each));
    }

    /**
     * Adds every route of the API to {@code config} under {@code basePath}: {@code /llm} serves
     * {@code /llm/v1/prompt/execute}, {@code /llm/health/ready}, {@code /llm/openapi.json} and tenant endpoints at
     * {@code /llm/<endpoint path>}; {@code Location} headers and OpenAPI {@code servers} include it. Call it from
     * the host's {@code Javalin.create(config -> …)}. Only routes are added, each mapping its own failures to the
     * error envelope, so the host's routes, before and after handlers, exception handlers and 404 outside the base
     * path stay the host's. The same routes may be mounted in several applications, or under several base paths;
     * they share this engine's use cases.
     *
     * @param basePath {@code "/"} or {@code ""} for the root; otherwise starts with {@code /}, has no trailing
     *        slash, and is a plain path: no query, wildcard or path parameter
     * @throws IllegalArgumentException when {@code basePath} is not such a path; the message says why
     */
    public void mount(JavalinConfig config, String basePath) {
        Objects.requireNonNull(config, "config");
        MountedRoutes routes = new MountedRoutes(config.routes, BasePath.parse(basePath), errors, tracing, metrics);
        executions.register(routes);
        apiKeys.register(routes);
        admin.register(routes);
        auditEvents.register(routes);
        operations.register(routes);
        storedPrompts.register(routes);
        versionTests.register(routes);
        endpoints.register(routes);
        webhooks.register(routes);
        prompts.register(routes);
        usage.register(routes);
        openAi.register(routes);
        metricsRoutes.ifPresent(each -> each.register(routes));
        routes.fallback(tenantEndpoints::unrouted);
    }

    /** The error mapping the stand-alone server also answers Jetty's and Javalin's own errors with. */
    ErrorMapping errors() {
        return errors;
    }
}

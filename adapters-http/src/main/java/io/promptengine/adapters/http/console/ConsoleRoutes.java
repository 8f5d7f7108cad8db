package io.promptengine.adapters.http.console;

import io.javalin.config.JavalinConfig;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.AdministrationUseCases;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.ExecutionUseCases;
import io.promptengine.application.port.in.StoredPromptUseCases;
import io.promptengine.application.port.in.UseCases;
import java.util.Objects;

/**
 * The console: server-rendered pages under {@code /console} on the API's own server, calling the same use cases
 * as the JSON API (never a port of its own), with a server-side session instead of a key in the browser. Every
 * route goes through {@link ConsoleRouter}'s gate (session, CSRF, origin, access, errors) and renders a template of
 * {@code src/main/jte/console} through {@link Pages} inside {@code layout.jte}.
 *
 * <p>The route classes, one per page group, each with its templates and page records:
 * <ul>
 * <li>{@link SignInRoutes}: {@code /console/sign-in}, {@code /console/sign-out} (console-ui);
 * <li>{@link ConsoleOverviewRoutes}: {@code /console}, {@code overview.jte} (console-support fills it);
 * <li>{@code ConsoleEndpointRoutes}: {@code /console/endpoints/...} (console-ui);
 * <li>{@code ConsolePromptRoutes}: {@code /console/prompts/...} (console-ui);
 * <li>{@code ConsoleExecutionRoutes}: {@code /console/executions/...} (console-ui);
 * <li>{@code ConsoleApiKeyRoutes} at {@code /console/api-keys}, {@code ConsoleUsageRoutes} at
 *     {@code /console/usage}, {@code ConsoleOperatorRoutes} at {@code /console/operator} (console-support; the
 *     navigation in {@link Nav} links to them already).
 * </ul>
 * A new page registers in {@link #mount}, builds its frame with {@link Visitor#frame}, and maps a refusal it can
 * show beside a form's field with {@link FormErrors}; anything else it lets {@link ConsoleErrors} show.
 */
public final class ConsoleRoutes {

    private final ConsoleSessionUseCases sessions;
    private final Pages pages = new Pages();
    private final Assets assets = new Assets();
    private final ConsoleErrors errors = new ConsoleErrors(pages, assets);
    private final SignInRoutes signIn;
    private final ConsoleOverviewRoutes overview;
    private final ConsoleEndpointRoutes endpoints;
    private final ConsolePromptRoutes prompts;
    private final ConsoleExecutionRoutes executions;
    private final ConsoleApiKeyRoutes apiKeys;
    private final ConsoleUsageRoutes usage;
    private final ConsoleOperatorRoutes operator;

    /**
     * @param useCases what the pages call, the same the API's routes call
     * @param sessions the console's sessions, shared by every instance on the database
     */
    public ConsoleRoutes(UseCases useCases, ConsoleSessionUseCases sessions) {
        Objects.requireNonNull(useCases, "useCases");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        ConsoleSupport support = new ConsoleSupport();
        this.signIn = new SignInRoutes(sessions, pages, assets);
        StoredPromptUseCases stored = useCases.storedPrompts();
        this.endpoints = new ConsoleEndpointRoutes(stored.endpoints(), stored.prompts(), support, pages);
        this.prompts = new ConsolePromptRoutes(stored.prompts(), stored.endpoints(), stored.testVersion(), support,
                pages);
        ExecutionUseCases runs = useCases.executions();
        this.executions = new ConsoleExecutionRoutes(runs.get(), runs.list(), runs.cancel(), support, pages);
        this.overview = new ConsoleOverviewRoutes(pages, runs.usage(), runs.list());
        AdministrationUseCases administration = useCases.administration();
        this.apiKeys = new ConsoleApiKeyRoutes(pages, administration.apiKeys(), support);
        this.usage = new ConsoleUsageRoutes(pages, runs.usage());
        this.operator = new ConsoleOperatorRoutes(pages, administration.tenants(), administration.plans(), support);
    }

    /**
     * Adds the console's routes to {@code config}. Call it before the API's routes are mounted at the root: those
     * end with a catch-all for tenant endpoints, which would otherwise answer {@code /console} first.
     */
    public void mount(JavalinConfig config) {
        Objects.requireNonNull(config, "config");
        ConsoleRouter router = new ConsoleRouter(config.routes, sessions, errors, assets);
        signIn.register(router);
        overview.register(router);
        endpoints.register(router);
        prompts.register(router);
        executions.register(router);
        apiKeys.register(router);
        usage.register(router);
        operator.register(router);
        router.assetsAndFallback();
    }
}

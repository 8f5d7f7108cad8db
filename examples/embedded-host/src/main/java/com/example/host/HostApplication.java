package com.example.host;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson3;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.Operator;
import io.promptengine.bootstrap.PromptEngine;
import io.promptengine.domain.error.PromptEngineException;
import java.util.Map;

/**
 * A host application with Prompt Engine inside it: its own Javalin server with its own routes, one of which
 * ({@code POST /summaries}) runs a prompt in process through the engine's facade, and Prompt Engine's whole HTTP
 * API mounted under {@code /llm} on the same port. The engine serves no HTTP port of its own and keeps its data in
 * an in-memory H2 database, so the host starts with nothing installed.
 */
public final class HostApplication implements AutoCloseable {

    /** The tenant the host acts for; an application with customers would name one per customer. */
    static final String TENANT = "acme";

    private final PromptEngine engine;
    private final Javalin app;

    private HostApplication(PromptEngine engine, Javalin app) {
        this.engine = engine;
        this.app = app;
    }

    /**
     * Starts the engine, defines what the host needs in it, then serves the host's routes and the engine's API under
     * {@code /llm} on {@code host:port}; {@code demoKey} is the demo tenant's key for calls through {@code /llm}.
     */
    public static HostApplication start(String host, int port, String demoKey) {
        PromptEngine engine = PromptEngine.builder()
                .database("jdbc:h2:mem:embedded-host", "", "")
                .demoKey(demoKey)                     // the key of the demo tenant, for calls through /llm
                .withoutHttp()
                .start();
        try {
            engine.useCases().administration().tenants().create(Operator.NO_REQUEST,
                    new CreateTenantCommand(TENANT, "Acme", "free"));
            Summaries summaries = Summaries.define(engine.tenant(TENANT));
            Javalin app = Javalin.create(config -> {
                config.jsonMapper(new JavalinJackson3());
                config.routes.get("/hello", ctx -> ctx.result("Hello from the host"));
                config.routes.post("/summaries", summaries::summarize);
                config.routes.exception(PromptEngineException.class, HostApplication::problem);
                engine.mount(config, "/llm");         // /llm/v1/prompt/execute, /llm/health/ready, …
            });
            app.start(host, port);
            return new HostApplication(engine, app);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The port the host serves on (the free one chosen when 0 was asked for). */
    public int port() {
        return app.port();
    }

    /** Stops the host's server, then drains and closes the engine. */
    @Override
    public void close() {
        app.stop();
        engine.close();
    }

    /**
     * The engine's exceptions in the host's own error format: the facade throws the exceptions the HTTP API maps,
     * so the host maps them by kind, as it likes.
     */
    private static void problem(PromptEngineException e, Context ctx) {
        int status = switch (e.kind()) {
            case VALIDATION -> 400;
            case NOT_FOUND -> 404;
            case RATE_LIMITED, QUOTA_EXCEEDED -> 429;
            default -> 502;
        };
        ctx.status(status).json(Map.of("problem", e.getMessage()));
    }
}

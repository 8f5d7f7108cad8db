package io.promptengine.adapters.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.HttpResponseException;
import io.promptengine.adapters.http.console.ConsoleRoutes;
import io.promptengine.application.port.in.UseCases;
import io.javalin.util.JavalinException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-alone HTTP server of Prompt Engine on Javalin, serving the {@link HttpRoutes} at the root (and the
 * console, when it is on). Built once
 * by the composition root from the use cases it serves; {@link #start()} binds, {@link #stop()} drains and closes.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final long MAX_SHUTDOWN_IDLE_MILLIS = 1_000;
    /** Connections the kernel holds for us while every acceptor is busy (Linux caps it at net.core.somaxconn). */
    private static final int ACCEPT_QUEUE_SIZE = 1_024;
    /**
     * The array Javalin copies each response body through into Jetty's output buffer, allocated anew for every
     * response; by default as large as that buffer (32 KB), a sixth of all a request allocated in the profile of
     * the execute path, whose answers are well under 1 KB. Larger bodies are copied in several passes.
     */
    private static final int RESPONSE_COPY_BYTES = 4_096;

    private final Javalin app;

    /**
     * @param useCases what the routes call, in the groups the composition root builds them in; each set of routes
     *        is given only the use cases it serves
     */
    public HttpApi(UseCases useCases, HttpSettings settings) {
        this(new HttpRoutes(useCases, settings), settings);
    }

    /**
     * A server of {@code routes} at the root: the same route table a host can {@link HttpRoutes#mount}, and around
     * it what only a server of our own sets, its connector, limits and graceful stop, and envelopes for what fails
     * outside any route (Jetty's refusals, methods the route table does not answer, {@link Error}s).
     */
    public HttpApi(HttpRoutes routes, HttpSettings settings) {
        this(routes, Optional.empty(), settings);
    }

    /**
     * A server of {@code routes} at the root and, when given, the console at {@code /console} beside them on the
     * same port.
     */
    public HttpApi(HttpRoutes routes, Optional<ConsoleRoutes> console, HttpSettings settings) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(settings, "settings");
        ErrorMapping errors = routes.errors();
        this.app = Javalin.create(config -> {
            configureServer(config, settings, errors);
            // first: the API's catch-all for tenant endpoints would answer /console otherwise
            console.ifPresent(pages -> pages.mount(config));
            routes.mount(config, "/");
            // the routes map their own failures; these answer what reaches no route, such as a HEAD or an OPTIONS
            config.routes.exception(Exception.class, errors::handle);
            // Javalin maps its own HttpResponseException (404, 405) unless this more specific entry replaces it.
            config.routes.exception(HttpResponseException.class, errors::handle);
            config.router.javaLangErrorHandler(errors::handleError);
        });
    }

    private static void configureServer(JavalinConfig config, HttpSettings settings, ErrorMapping errors) {
        ConnectionLimits limits = settings.connections();
        ReceiveDeadlines deadlines = new ReceiveDeadlines(limits.headTimeout(), limits.bodyTimeout());
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            // a burst of new connections waits in the kernel's queue instead of overflowing the JDK's default 50
            connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
            connector.setIdleTimeout(limits.idleTimeout().toMillis());
            connector.addEventListener(deadlines.connectionListener());
            return connector;
        });
        config.concurrency.useVirtualThreads = settings.virtualThreads();
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.responseBufferSize = RESPONSE_COPY_BYTES;
        config.http.defaultContentType = ContentType.JSON;
        config.http.prefer405over404 = true;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        long stopMillis = settings.stopTimeout().toMillis();
        config.jetty.modifyServer(server -> {
            // Stopping refuses new requests and lets in-flight ones finish, up to the stop timeout; idle
            // keep-alive connections are closed well before it, so they never hold the stop up.
            GracefulHandler graceful = new GracefulHandler();
            graceful.setShutdownIdleTimeout(Math.min(MAX_SHUTDOWN_IDLE_MILLIS, Math.max(1, stopMillis / 2)));
            server.insertHandler(graceful);
            server.insertHandler(deadlines);
            // at the cap Jetty stops accepting: new connections wait in the accept queue until others close
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
            server.setStopTimeout(stopMillis);
            server.setStopAtShutdown(false);
            server.setErrorHandler(new JettyErrors(errors));
        });
    }

    /** Binds and starts serving; returns the bound port, which is the free one chosen when the settings say 0. */
    public int start() {
        app.start();
        return app.port();
    }

    /**
     * Stops gracefully: no new requests, in-flight ones finish within the settings' stop timeout. Requests still
     * running after it are cut off; the server is stopped either way.
     */
    public void stop() {
        try {
            app.stop();
        } catch (JavalinException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e;
            }
            LOG.warn("Requests still running after the stop timeout were cut off");
        }
    }

    /** The bound port once started. */
    public int port() {
        return app.port();
    }
}

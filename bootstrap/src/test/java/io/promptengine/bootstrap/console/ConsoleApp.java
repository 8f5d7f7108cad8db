package io.promptengine.bootstrap.console;

import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.bootstrap.PromptEngine;
import io.promptengine.domain.tenant.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The real application for a class of browser tests: console on, a free loopback port, a fresh in-memory H2
 * database, the demo tenant's and the operator's keys fixed. Other tenants and keys are made through the same use
 * cases the API calls, so that a test sets up in a line what it does not test.
 */
final class ConsoleApp implements AutoCloseable {

    static final String DEMO_KEY = "pe_live_console_demo_key_0123456789abcdefghijkl";
    static final String OPERATOR_KEY = "pe_admin_console_operator_key_0123456789abcdefg";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final PromptEngine engine;

    private ConsoleApp(PromptEngine engine) {
        this.engine = engine;
    }

    /** The application with {@code providers} beside the built-in ones. */
    static ConsoleApp start(ModelProvider... providers) {
        PromptEngine.Builder builder = PromptEngine.builder().settings(Map.of(
                "PE_HOST", "127.0.0.1",
                "PE_PORT", "0",
                "PE_DB_URL", "jdbc:h2:mem:console-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "PE_DEMO_KEY", DEMO_KEY,
                "PE_ADMIN_KEY", OPERATOR_KEY,
                "PE_WORKERS", "2"));
        for (ModelProvider provider : providers) {
            builder.provider(provider);
        }
        return new ConsoleApp(builder.start());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + engine.port().orElseThrow();
    }

    PromptEngine engine() {
        return engine;
    }

    /** A new tenant on the free plan, and a key of it with {@code scopes}: its secret. */
    String tenantWithKey(String slug, Scope... scopes) {
        String tenant = engine.useCases().administration().tenants()
                .create(Operator.NO_REQUEST, new CreateTenantCommand(slug, "Tenant " + slug, "free")).id().value();
        return issueKey(tenant, "console test", scopes);
    }

    /** A new key of {@code tenant} (its id or slug), such as the demo tenant's {@code demo}: its secret. */
    String issueKey(String tenant, String name, Scope... scopes) {
        IssuedApiKey issued = engine.useCases().administration().tenants().issueApiKey(Operator.NO_REQUEST, tenant,
                new NewApiKey(name, Set.of(scopes), Optional.empty(), OptionalInt.empty()));
        return issued.secret().reveal();
    }

    /** {@code POST path} of a JSON body with {@code key}, as an HTTP client of the API would send it. */
    HttpResponse<String> post(String key, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code GET path} with {@code key}. */
    HttpResponse<String> get(String key, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET().build());
    }

    /** {@code GET path} as the browser of a console session sends it: with only the session's cookie. */
    HttpResponse<String> getWithCookie(String session, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", "pe_console_session=" + session).GET().build());
    }

    /** Sends {@code request} and reads its answer as text; a failure to get one fails the test. */
    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}

package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeWebhookPayloads;
import io.promptengine.application.fakes.FakeWebhookSender;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryWebhookOutbox;
import io.promptengine.application.fakes.InMemoryWebhookStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.fakes.InMemoryIdempotencyStore;
import io.promptengine.application.fakes.InMemoryInstanceRegistry;
import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.UsageReport;
import io.promptengine.application.port.in.AccessUseCases;
import io.promptengine.application.port.in.ActivityQuery;
import io.promptengine.application.port.in.AdministrationUseCases;
import io.promptengine.application.port.in.ExecutionUseCases;
import io.promptengine.application.port.in.ManageWebhooksUseCase;
import io.promptengine.application.port.in.StoredPromptUseCases;
import io.promptengine.application.port.in.UsageQuery;
import io.promptengine.application.port.in.UsageReportUseCase;
import io.promptengine.application.port.in.UseCases;
import io.promptengine.application.service.AuditTrail;
import io.promptengine.application.service.IdempotencyService;
import io.promptengine.application.service.WebhookService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server on a free loopback port, wired to fakes of the use cases, and a client whose every response is
 * also checked against the OpenAPI document.
 */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final long LIMIT = 64 * 1024;
    /** The name of this server's instance on its idempotency claims. */
    static final String INSTANCE = "pe-test-server";

    final FakeAuthentication authentication = new FakeAuthentication();
    final FakeExecutePrompt executePrompt = new FakeExecutePrompt();
    final FakeExecutionQueries queries = new FakeExecutionQueries();
    final FakeReadiness readiness = new FakeReadiness();
    final FakeAdmission admission = new FakeAdmission();
    final Management management = new Management();
    final FakeCallEndpoint callEndpoint = new FakeCallEndpoint();
    final FakeRunStoredPrompt runStoredPrompt = new FakeRunStoredPrompt();
    final FakeTestPromptVersion testPromptVersion = new FakeTestPromptVersion();
    final Definitions definitions = new Definitions();
    final FakeClock clock = new FakeClock();
    final InMemoryWebhookOutbox webhookOutbox = new InMemoryWebhookOutbox();
    final FakeWebhookSender webhookSender = new FakeWebhookSender().refuseHost("10.0.0.1");
    final ManageWebhooksUseCase webhooks = new WebhookService(
            new InMemoryWebhookStore(new InMemoryAuditEventStore(), webhookOutbox), webhookOutbox, webhookSender,
            new FakeWebhookPayloads(), new SequentialIdGenerator(), clock, new SecureRandom(),
            new AuditTrail(new SequentialIdGenerator(), clock));
    final InMemoryIdempotencyStore idempotencyKeys = new InMemoryIdempotencyStore();
    /** The executions the idempotency service looks up when it takes over a dead request's key. */
    final InMemoryExecutionStore executions = new InMemoryExecutionStore();
    final InMemoryInstanceRegistry instances = new InMemoryInstanceRegistry();
    /** The rows every usage report answers. */
    final List<UsageReport.Row> usageRows = new CopyOnWriteArrayList<>();
    final HttpApi api;
    final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer() {
        this(new HttpSettings("127.0.0.1", 0, LIMIT, true, Duration.ofSeconds(5)));
    }

    TestServer(HttpSettings settings) {
        this(settings, RequestTracing.NONE, Optional.empty());
    }

    /** @param metrics what the routes report every request to, and {@code /metrics} serves */
    TestServer(HttpSettings settings, Optional<HttpMetrics> metrics) {
        this(settings, RequestTracing.NONE, metrics);
    }

    /** A server whose routes report each request to {@code tracing}. */
    TestServer(HttpSettings settings, RequestTracing tracing) {
        this(settings, tracing, Optional.empty());
    }

    private TestServer(HttpSettings settings, RequestTracing tracing, Optional<HttpMetrics> metrics) {
        api = new HttpApi(new HttpRoutes(new UseCases(
                new AccessUseCases(authentication, management, admission,
                        new IdempotencyService(idempotencyKeys, executions, instances, clock,
                                new IdempotencyService.Settings(Duration.ofHours(24), INSTANCE,
                                        Duration.ofSeconds(30)))),
                new ExecutionUseCases(executePrompt, queries, queries, queries,
                        new UsageReportUseCase() {
                            @Override
                            public UsageReport report(UsageQuery query) {
                                return new UsageReport(query.groupBy(), query.range(Instant.now()), usageRows);
                            }

                            @Override
                            public ActivityReport activity(ActivityQuery query) {
                                throw new AssertionError("no HTTP API test reads an activity report");
                            }
                        }),
                new StoredPromptUseCases(definitions.endpoints, definitions.prompts, testPromptVersion,
                        runStoredPrompt, callEndpoint),
                new AdministrationUseCases(management, management.plans, management, management.auditEvents),
                webhooks, readiness), settings, tracing, metrics), settings);
        port = api.start();
    }

    /** Back to a fresh state between the tests of a class that shares one server. */
    void reset() {
        authentication.reset();
        executePrompt.reset();
        queries.reset();
        readiness.reset();
        admission.reset();
        management.reset();
        callEndpoint.reset();
        runStoredPrompt.reset();
        testPromptVersion.reset();
        definitions.reset();
        idempotencyKeys.purgeExpired(Instant.MAX);
        usageRows.clear();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request builder for {@code path} that carries the test API key. */
    HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + FakeAuthentication.KEY);
    }

    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    Reply get(String path) {
        return send(authorized(path).GET().build());
    }

    Reply postJson(String path, String body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request builder for {@code path} that carries the operator key. */
    HttpRequest.Builder operator(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + Management.OPERATOR_KEY);
    }

    /** {@code method} with a JSON body (or none when {@code body} is null) on the request. */
    Reply sendJson(HttpRequest.Builder request, String method, String body) {
        return send(body == null ? request.method(method, HttpRequest.BodyPublishers.noBody()).build()
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A body of unknown length, so the client sends it chunked with no Content-Length. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        Supplier<InputStream> stream = () -> new java.io.ByteArrayInputStream(body);
        return HttpRequest.BodyPublishers.ofInputStream(stream);
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Reply reply = new Reply(response);
            assertThat(OpenApiContract.problems(request.method(), request.uri().getRawPath(), response))
                    .as("response of %s %s matches /openapi.json: %s", request.method(), request.uri(),
                            response.body())
                    .isEmpty();
            return reply;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes no well-behaved client would, ISO-8859-1 encoded, and reads until the server closes. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        api.stop();
    }

    /** A response with its body parsed as JSON on demand. */
    record Reply(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String body() {
            return response.body();
        }

        JsonNode json() {
            return JSON.readTree(response.body());
        }

        String errorCode() {
            return json().path("error").path("code").asString();
        }

        String errorMessage() {
            return json().path("error").path("message").asString();
        }

        String errorField() {
            JsonNode field = json().path("error").get("field");
            return field == null ? null : field.asString();
        }
    }
}

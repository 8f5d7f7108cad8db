package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Prompt Engine's HTTP API mounted under {@code /llm} in a host's own Javalin application, on one port beside the
 * host's routes, exception handlers, 404 and before and after handlers, the engine started without HTTP of its own
 * on an in-memory H2 database. The host registers its handlers before it mounts the API, so an application-wide
 * handler of ours would replace the host's and fail these tests.
 */
class MountedEngineEndToEndTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String EXECUTE = "{\"model\":\"echo\",\"input\":\"Mounted hello\"}";

    /** The host's own failure, mapped by the host's own handler. */
    static final class HostBoom extends RuntimeException {
        HostBoom() {
            super("boom");
        }
    }

    private static PromptEngine engine;
    private static Javalin host;

    @BeforeAll
    static void start() {
        engine = PromptEngine.builder().database("jdbc:h2:mem:mounted-" + System.nanoTime(), "", "").withoutHttp()
                .demoKey(RunningApp.DEMO_KEY).operatorKey(RunningApp.ADMIN_KEY).start();
        host = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.header("X-Host-Before", "seen"));
            config.routes.after(ctx -> ctx.header("X-Host-After", "seen"));
            config.routes.get("/hello", ctx -> ctx.result("hello from the host"));
            config.routes.get("/hello-boom", ctx -> {
                throw new HostBoom();
            });
            config.routes.get("/hello-crash", ctx -> {
                throw new IllegalStateException("the host's own bug");
            });
            config.routes.exception(HostBoom.class, (e, ctx) -> ctx.status(418).result("host handled " + e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).result("host caught it"));
            config.routes.exception(NotFoundResponse.class, (e, ctx) -> ctx.status(404).result("host 404"));
            engine.mount(config, "/llm");
        }).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void givenMountUnderLlm_execute_answersAsTheStandAloneServer() {
        Reply reply = post("/llm/v1/prompt/execute", EXECUTE, RunningApp.DEMO_KEY);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("completed");
        assertThat(reply.json().path("output").toString()).contains("Mounted hello");
        assertThat(reply.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(reply.header("X-RateLimit-Limit")).isPresent();
        assertThat(reply.header("X-Host-Before")).as("the host's before-handler").contains("seen");
        assertThat(reply.header("X-Host-After")).as("the host's after-handler").contains("seen");
    }

    @Test
    void givenRespondAsync_execute_is202WithALocationUnderTheBasePath() {
        Reply accepted = send(request("/llm/v1/prompt/execute", RunningApp.DEMO_KEY).header("Prefer", "respond-async")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(EXECUTE)));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        assertThat(accepted.header("Location")).contains("/llm/v1/executions/" + id);
        Reply polled = get(accepted.header("Location").orElseThrow(), RunningApp.DEMO_KEY);
        assertThat(polled.status()).as(polled.body()).isEqualTo(200);
        assertThat(polled.json().path("id").asString()).isEqualTo(id);
    }

    @Test
    void givenTenantEndpoint_post_callsItAtItsPathUnderTheBasePath() {
        Reply reply = post("/llm/api/v1/summarize", "{\"text\": \"A mounted engine answers beside its host.\"}",
                RunningApp.DEMO_KEY);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("summary").isString()).isTrue();
        String executionId = reply.header("X-Execution-Id").orElseThrow();
        JsonNode execution = get("/llm/v1/executions/" + executionId, RunningApp.DEMO_KEY).json();
        assertThat(execution.path("source").asString()).isEqualTo("endpoint");
    }

    @Test
    void givenNoKey_execute_isOurUnauthorizedEnvelope() {
        Reply reply = post("/llm/v1/prompt/execute", EXECUTE, null);

        assertEnvelope(reply, 401, "unauthorized");
        assertThat(reply.header("WWW-Authenticate")).contains("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/llm/nope", "/llm", "/llm/v1/nope/deeper"})
    void givenUnknownPathUnderTheBasePath_get_isOur404Envelope(String path) {
        Reply reply = get(path, RunningApp.DEMO_KEY);

        assertEnvelope(reply, 404, "not_found");
        assertThat(reply.json().path("error").path("message").asString()).isEqualTo("No route for GET " + path);
    }

    @Test
    void givenWrongMethodUnderTheBasePath_request_isOur405WithAllow() {
        Reply reply = get("/llm/v1/prompt/execute", RunningApp.DEMO_KEY);

        assertEnvelope(reply, 405, "method_not_allowed");
        assertThat(reply.header("Allow")).contains("POST");
    }

    @Test
    void givenHostRoutes_theyKeepTheHostsAnswersAndHandlers() {
        Reply hello = get("/hello", null);
        Reply boom = get("/hello-boom", null);
        Reply crash = get("/hello-crash", null);
        Reply missing = get("/nope", null);
        Reply missingPost = post("/nope", "{}", RunningApp.DEMO_KEY);

        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello from the host");
        assertThat(hello.header("X-Request-Id")).as("our request ids stay under the base path").isEmpty();
        assertThat(boom.status()).isEqualTo(418);
        assertThat(boom.body()).isEqualTo("host handled boom");
        assertThat(crash.status()).isEqualTo(500);
        assertThat(crash.body()).isEqualTo("host caught it");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("host 404");
        assertThat(missingPost.status()).as("a POST outside the base path is no tenant endpoint call").isEqualTo(404);
        assertThat(missingPost.body()).isEqualTo("host 404");
    }

    @Test
    void givenMount_healthReady_isUp() {
        Reply reply = get("/llm/health/ready", null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("up");
    }

    @Test
    void givenMount_openApiDocuments_nameTheBasePath() {
        Reply api = get("/llm/openapi.json", null);
        JsonNode endpoints = get("/llm/v1/endpoints", RunningApp.DEMO_KEY).json().path("data");
        String openApiUrl = endpoints.path(0).path("openapi_url").asString();
        Reply endpoint = get(openApiUrl, RunningApp.DEMO_KEY);

        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().path("servers").path(0).path("url").asString()).isEqualTo("/llm");
        assertThat(openApiUrl).startsWith("/llm/v1/endpoints/").endsWith("/openapi.json");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        String server = "http://127.0.0.1:" + host.port() + "/llm";
        assertThat(endpoint.json().path("servers").path(0).path("url").asString()).isEqualTo(server);
        assertThat(endpoint.json().at("/paths/~1api~1v1~1summarize/post/x-codeSamples/0/source").asString())
                .contains(server + "/api/v1/summarize");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llm", "/llm/", "/llm?x=1", "/llm/*", "/{tenant}", "/llm//v1", "/llm#top", "/l lm"})
    void givenMalformedBasePath_mount_isRefusedSayingWhy(String basePath) {
        assertThatThrownBy(() -> Javalin.create(config -> engine.mount(config, basePath)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(basePath);
    }

    private static void assertEnvelope(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("request_id").asString()).isEqualTo(reply.header("X-Request-Id").orElseThrow());
    }

    private static HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
                .timeout(Duration.ofSeconds(30));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    private static Reply get(String path, String key) {
        return send(request(path, key).GET());
    }

    private static Reply post(String path, String body, String key) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Reply(int status, HttpHeaders headers, String body) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        JsonNode json() {
            return Api.JSON.readTree(body);
        }
    }
}

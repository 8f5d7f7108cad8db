package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example host on a free port of 127.0.0.1: its own route, and its route that runs the engine in process. */
class HostApplicationTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String DEMO_KEY = "pe_live_embedded_host_test_key_0123456789abcdef";
    private static HostApplication host;

    @BeforeAll
    static void start() {
        host = HostApplication.start("127.0.0.1", 0, DEMO_KEY);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void hello_isTheHostsOwnRoute() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/hello")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello from the host");
    }

    @Test
    void givenText_postSummaries_answersWithTheEnginesTypedOutput() throws Exception {
        HttpResponse<String> response = send(post("/summaries", "{\"text\": \"Prompt Engine runs inside the host.\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).matches("\\{\"summary\":\".+\"\\}");
        assertThat(response.headers().firstValue("X-Execution-Id")).isPresent();
    }

    @Test
    void givenInputTheSchemaRefuses_postSummaries_isTheHostsOwn400() throws Exception {
        HttpResponse<String> response = send(post("/summaries", "{\"text\": 42}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"problem\":");
    }

    @Test
    void givenDemoKey_executeUnderTheMount_isAnsweredByTheEnginesHttpApi() throws Exception {
        HttpResponse<String> response = send(post("/llm/v1/prompt/execute", "{\"model\": \"echo\", \"input\": \"hi\"}")
                .header("Authorization", "Bearer " + DEMO_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"completed\"").contains("\"output\":\"hi\"");
    }

    @Test
    void withoutKey_underTheMount_isTheEnginesErrorEnvelope() throws Exception {
        HttpResponse<String> response = send(post("/llm/v1/prompt/execute", "{\"model\": \"echo\", \"input\": \"hi\"}"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).startsWith("{\"error\":{\"code\":");
    }

    @Test
    void healthUnderTheMount_andTheHostsOwn404Outside() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/llm/health/ready"))).statusCode()).isEqualTo(200);
        HttpResponse<String> outside = send(HttpRequest.newBuilder(uri("/nope")));

        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(outside.body()).doesNotContain("\"error\":{\"code\"");
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + host.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

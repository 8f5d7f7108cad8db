package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Streamed executions on the real server, with a streaming provider at the port. */
class StreamingEndToEndTest {

    private static final PacedStreamingModelProvider PACED = new PacedStreamingModelProvider();
    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(PACED);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenStreamTrue_execute_streamsTheWordsThenTheCompletedExecutionAsRecorded() {
        Api.Reply reply = app.api().post("/v1/prompt/execute",
                "{\"model\":\"" + PacedStreamingModelProvider.ECHO + "\",\"input\":\"one two three\",\"stream\":true}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = Event.parse(reply.body());
        assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "delta", "delta", "completed");
        String id = events.get(0).data().path("id").asString();
        assertThat(reply.header("X-Execution-Id")).contains(id);
        JsonNode completed = events.get(4).data();
        assertThat(completed.path("output").asString()).isEqualTo("one two three");
        JsonNode recorded = app.api().get("/v1/executions/" + id).json();
        assertThat(recorded.path("status").asString()).isEqualTo("completed");
        assertThat(recorded.path("usage")).isEqualTo(completed.path("usage"));
        assertThat(recorded.path("cache_hit").asBoolean()).isFalse();
    }

    @Test
    void givenClientHangsUpMidStream_execute_cancelsTheCallAndChargesThePartialTokensToThePlan() throws Exception {
        Operator operator = new Operator(app);
        assertThat(app.admin().post("/v1/admin/plans",
                "{\"name\":\"streamers\",\"requests_per_minute\":100,\"tokens_per_minute\":5}").status())
                .isEqualTo(201);
        String tenant = operator.createTenant("streamers", "streamers");
        Api client = app.api().withKey(operator.issueKey(tenant, "execute", "read"));
        String input = "word ".repeat(500).strip();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(client.jsonPost("/v1/prompt/execute",
                "{\"model\":\"" + PacedStreamingModelProvider.ECHO + "\",\"input\":\"" + input + "\",\"stream\":true}")
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        String id;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: execution");
            id = Api.JSON.readTree(lines.readLine().substring("data: ".length())).path("id").asString();
            lines.readLine();
            assertThat(lines.readLine()).isEqualTo("event: delta");
        }

        assertThat(PACED.aborted.await(10, TimeUnit.SECONDS)).as("the provider call was given up").isTrue();
        JsonNode cancelled = Eventually.await("execution " + id + " to be recorded",
                () -> client.get("/v1/executions/" + id), reply -> reply.status() == 200).json();
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        long output = cancelled.path("usage").path("output_tokens").asLong();
        assertThat(output).isPositive().isLessThan(500);
        assertThat(cancelled.path("usage").path("input_tokens").asLong()).isPositive();
        // the plan allows 5 tokens a minute: the partial tokens used them up
        Api.Reply next = client.post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.errorCode()).isEqualTo("quota_exceeded");
    }

    @Test
    void givenProviderStallingPastTheDeadline_tenantEndpointStream_endsWithATimeoutErrorEvent() {
        publishStallingEndpoint(app, "/api/v1/stall-stream", 1);

        Api.Reply reply = app.api().send(app.api().jsonPost("/api/v1/stall-stream", "{}")
                .header("Accept", "text/event-stream").build());

        assertThat(reply.status()).isEqualTo(200);
        List<Event> events = Event.parse(reply.body());
        assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "error");
        assertThat(events.get(2).data().path("error").path("code").asString()).isEqualTo("timeout");
        String id = events.get(0).data().path("id").asString();
        assertThat(app.api().get("/v1/executions/" + id).json().path("status").asString()).isEqualTo("timed_out");
    }

    @Test
    void givenConnectionIdleTimeoutShorterThanTheDeadline_silentStream_lastsUntilTheDeadline() {
        try (RunningApp impatient = RunningApp.start(Map.of("PE_HTTP_IDLE_TIMEOUT", "300ms"), PACED)) {
            publishStallingEndpoint(impatient, "/api/v1/quiet-stream", 2);

            Api.Reply reply = impatient.api().send(impatient.api().jsonPost("/api/v1/quiet-stream", "{}")
                    .header("Accept", "text/event-stream").build());

            List<Event> events = Event.parse(reply.body());
            assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "error");
            assertThat(events.get(2).data().path("error").path("code").asString()).isEqualTo("timeout");
        }
    }

    @Test
    void givenRefusal_stream_isAnOrdinaryJsonError() {
        Api.Reply reply = app.api().post("/v1/prompt/execute",
                "{\"model\":\"nosuch/model\",\"input\":\"Hi\",\"stream\":true}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.header("X-RateLimit-Limit")).isPresent();
    }

    /** A published endpoint at {@code path} on the model that stalls, with executions of {@code timeoutSeconds}. */
    private static void publishStallingEndpoint(RunningApp on, String path, int timeoutSeconds) {
        String endpoint = on.api().post("/v1/endpoints", "{\"path\":\"" + path + "\",\"timeout_seconds\":"
                + timeoutSeconds + ",\"input_schema\":{\"type\":\"object\"}}").json().path("id").asString();
        String prompt = on.api().post("/v1/prompts", "{\"name\":\"" + path.substring(path.lastIndexOf('/') + 1)
                + "\",\"title\":\"Stall\",\"endpoint_id\":\"" + endpoint + "\"}").json().path("id").asString();
        assertThat(on.api().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Wait for it\",\"model\":\"" + PacedStreamingModelProvider.STALL + "\"}")
                .status()).isEqualTo(201);
        assertThat(on.api().post("/v1/prompts/" + prompt + "/versions/1/publish", "").status()).isEqualTo(200);
    }

    /** One server-sent event: its name and its data as JSON. */
    record Event(String name, JsonNode data) {

        static List<Event> parse(String body) {
            List<Event> events = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                if (block.isBlank()) {
                    continue;
                }
                String name = null;
                String data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("event: ")) {
                        name = line.substring("event: ".length());
                    } else if (line.startsWith("data: ")) {
                        data = line.substring("data: ".length());
                    }
                }
                events.add(new Event(name, Api.JSON.readTree(data)));
            }
            return events;
        }
    }
}

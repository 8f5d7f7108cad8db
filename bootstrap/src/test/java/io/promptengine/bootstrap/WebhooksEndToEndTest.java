package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks over the real application (H2, or PostgreSQL in the build's PostgreSQL run) and its own outbound client,
 * delivered over plain {@code http} to a {@link WebhookReceiver} on 127.0.0.1, which the allow list lets through,
 * and which checks every signature with its own implementation of the Standard Webhooks algorithm. Retries are a
 * tenth of a second apart here.
 */
class WebhooksEndToEndTest {

    private static RunningApp app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_WEBHOOK_RETRY_SCHEDULE", "100ms,100ms,100ms",
                "PE_WEBHOOK_POLL_INTERVAL", "20ms", "PE_DEMO_PLAN", "enterprise", "PE_WEBHOOK_ALLOW_HTTP", "true",
                "PE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1"));
        api = app.api();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A new endpoint at {@code receiver}'s {@code path}, which then trusts its secret; its id. */
    private static String subscribe(WebhookReceiver receiver, String path, String extra) {
        Api.Reply created = api.post("/v1/webhooks", "{\"url\":\"" + receiver.url(path) + "\"" + extra + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        receiver.trust(created.json().path("secret").asString());
        return created.json().path("id").asString();
    }

    private static String executeAsync(String input) {
        Api.Reply accepted = api.post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"" + input
                + "\",\"async\":true}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        api.awaitStatus(id, "completed");
        return id;
    }

    private static List<WebhookReceiver.Received> await(WebhookReceiver receiver, int count) {
        return Eventually.await(count + " deliveries", receiver::received, list -> list.size() >= count);
    }

    private static JsonNode deliveries(String webhook) {
        return api.get("/v1/webhooks/" + webhook + "/deliveries").json().path("data");
    }

    @Test
    void anEndedExecution_isDeliveredSigned_withTheExecutionAsItsApiShowsIt() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = subscribe(receiver, "/hooks", "");
            String execution = executeAsync("hello webhooks");

            WebhookReceiver.Received delivery = await(receiver, 1).get(0);

            assertThat(receiver.failures()).isEmpty();
            assertThat(delivery.verified()).isTrue();
            assertThat(delivery.webhookId()).isEqualTo("evt_" + execution);
            JsonNode body = Api.JSON.readTree(delivery.body());
            assertThat(body.path("type").asString()).isEqualTo("execution.completed");
            assertThat(body.path("data")).isEqualTo(api.get("/v1/executions/" + execution).json());
            assertThat(body.path("timestamp").asString()).isEqualTo(body.path("data").path("completed_at")
                    .asString());
            JsonNode logged = Eventually.await("the delivery log", () -> deliveries(webhook),
                    log -> log.path(0).path("status").asString().equals("succeeded"));
            assertThat(logged.path(0).path("attempts").asInt()).isEqualTo(1);
            assertThat(logged.path(0).path("last_status_code").asInt()).isEqualTo(200);
            assertThat(logged.path(0).path("event_id").asString()).isEqualTo("evt_" + execution);
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void aReceiverThatAnswers500ThenIsDown_getsTheEventWhenItIsBack_withTheSameWebhookId() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.then(500);
            String webhook = subscribe(receiver, "/flaky", "");
            executeAsync("first a 500");
            await(receiver, 1);
            receiver.stop();
            Eventually.await("an attempt that found the receiver down", () -> deliveries(webhook),
                    log -> log.path(0).path("attempts").asInt() >= 2 && !log.path(0).has("last_status_code")
                            && log.path(0).has("last_error"));
            receiver.resume();

            List<WebhookReceiver.Received> received = await(receiver, 2);

            assertThat(receiver.failures()).isEmpty();
            assertThat(received).extracting(WebhookReceiver.Received::webhookId).containsOnly(received.get(0)
                    .webhookId());
            assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
            JsonNode log = Eventually.await("success", () -> deliveries(webhook),
                    each -> each.path(0).path("status").asString().equals("succeeded"));
            assertThat(log.path(0).path("attempts").asInt()).isGreaterThanOrEqualTo(3);
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void aReceiverThatAnswers410_disablesItsEndpoint_andGetsNothingMore() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.then(410);
            String webhook = subscribe(receiver, "/gone", "");
            executeAsync("to a gone receiver");
            await(receiver, 1);

            JsonNode endpoint = Eventually.await("the endpoint disabled", () -> api.get("/v1/webhooks/" + webhook)
                    .json(), body -> !body.path("enabled").asBoolean());
            assertThat(endpoint.path("disabled_reason").asString()).contains("410");
            assertThat(deliveries(webhook).path(0).path("status").asString()).isEqualTo("failed");
            executeAsync("after it is gone");
            assertThat(receiver.received()).hasSize(1);
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void aRetryAfter_isHonoured_overTheShorterSchedule() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.then(503, "2");
            String webhook = subscribe(receiver, "/later", "");
            executeAsync("come back later");

            List<WebhookReceiver.Received> received = await(receiver, 2);

            Duration waited = Duration.ofNanos(received.get(1).receivedAtNanos() - received.get(0).receivedAtNanos());
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
            assertThat(received.get(1).webhookId()).isEqualTo(received.get(0).webhookId());
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void duringARotation_bothSecretsSign_thenOnlyTheNewOne() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = subscribe(receiver, "/rotating", "");
            Api.Reply rotated = api.post("/v1/webhooks/" + webhook + "/rotate-secret", "{\"overlap_seconds\":3600}");
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String fresh = rotated.json().path("secret").asString();
            receiver.trust(fresh);
            assertThat(rotated.json().has("previous_secret_signs_until")).isTrue();

            executeAsync("signed twice");
            WebhookReceiver.Received overlap = await(receiver, 1).get(0);
            assertThat(overlap.signatures().split(" ")).hasSize(2);
            assertThat(overlap.verifiedBy()).containsExactly(true, true);

            api.post("/v1/webhooks/" + webhook + "/rotate-secret", "{\"overlap_seconds\":0}");
            executeAsync("signed once");
            WebhookReceiver.Received after = await(receiver, 2).get(1);
            assertThat(after.signatures().split(" ")).hasSize(1);
            assertThat(after.verifiedBy()).containsExactly(false, false);
            assertThat(receiver.failures()).hasSize(1);
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void theTestEvent_andARetry_areDeliveredSigned_theRetryWithTheSameWebhookId() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = subscribe(receiver, "/test", "");
            Api.Reply test = api.post("/v1/webhooks/" + webhook + "/test", "");
            assertThat(test.status()).as(test.body()).isEqualTo(202);
            WebhookReceiver.Received first = await(receiver, 1).get(0);
            assertThat(Api.JSON.readTree(first.body()).path("type").asString()).isEqualTo("webhook.test");
            String delivery = test.json().path("id").asString();
            Eventually.await("the test delivered", () -> deliveries(webhook),
                    log -> log.path(0).path("status").asString().equals("succeeded"));

            Api.Reply retry = api.post("/v1/webhooks/" + webhook + "/deliveries/" + delivery + "/retry", "");

            assertThat(retry.status()).as(retry.body()).isEqualTo(202);
            WebhookReceiver.Received again = await(receiver, 2).get(1);
            assertThat(again.webhookId()).isEqualTo(first.webhookId());
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(receiver.failures()).isEmpty();
            api.delete("/v1/webhooks/" + webhook);
        }
    }

    @Test
    void filtersAndEventTypes_decideWhatIsSent() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String failures = subscribe(receiver, "/failures", ",\"events\":[\"execution.failed\"]");
            String chat = subscribe(receiver, "/chat", ",\"surface\":\"chat_api\"");
            String all = subscribe(receiver, "/all", "");
            executeAsync("only to all");

            List<WebhookReceiver.Received> received = await(receiver, 1);

            assertThat(received).hasSize(1);
            Eventually.await("the delivery logged", () -> deliveries(all), log -> log.size() == 1);
            assertThat(deliveries(failures)).isEmpty();
            assertThat(deliveries(chat)).isEmpty();
            for (String webhook : List.of(failures, chat, all)) {
                api.delete("/v1/webhooks/" + webhook);
            }
        }
    }

    @Test
    void badInput_anotherTenantsEndpoint_andForbiddenUrls_areClear4xx() {
        for (String forbidden : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1/hook",
                "http://localhost:1/hook", "ftp://127.0.0.1/hook")) {
            Api.Reply refused = api.post("/v1/webhooks", "{\"url\":\"" + forbidden + "\"}");
            assertThat(refused.status()).as(forbidden).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("validation_error");
        }
        assertThat(api.post("/v1/webhooks", "{\"url\":\"not a url\"}").errorCode()).isEqualTo("validation_error");
        assertThat(api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"events\":[\"webhook.test\"]}")
                .status()).isEqualTo(400);
        assertThat(api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"colour\":\"red\"}").status())
                .isEqualTo(400);
        assertThat(api.get("/v1/webhooks/wh_nope").status()).isEqualTo(404);
        assertThat(api.get("/v1/webhooks/not-an-id/deliveries").status()).isEqualTo(404);
        assertThat(api.get("/v1/webhooks").json().path("data").isArray()).isTrue();
    }
}

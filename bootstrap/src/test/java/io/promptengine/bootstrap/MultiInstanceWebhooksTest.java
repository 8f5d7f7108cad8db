package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.adapters.webhooks.jetty.JettyWebhookSender;
import io.promptengine.application.port.out.WebhookSender;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery across instances: two on one PostgreSQL deliver thousands of events, each exactly once, both
 * taking part; and an instance killed with {@code kill -9} after its executions ended but before their events
 * were sent loses none of them: the other instance (PostgreSQL), or the next start on the same file (H2), delivers
 * them, signed, once each.
 */
class MultiInstanceWebhooksTest {

    private static final Map<String, String> FAST = Map.of("PE_WEBHOOK_POLL_INTERVAL", "20ms",
            "PE_WEBHOOK_RETRY_SCHEDULE", "200ms,200ms,200ms,200ms,200ms", "PE_QUEUE_POLL_MS", "50",
            "PE_WEBHOOK_ALLOW_HTTP", "true", "PE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1");

    private final QueueCluster cluster = new QueueCluster(FAST);

    @AfterEach
    void stopEverything() throws Exception {
        cluster.close();
    }

    /** The engine's own outbound client, with the tests' allow list, counting what it sent. */
    private final class Counting implements WebhookSender {
        private final JettyWebhookSender sender = JettyWebhookSender.start(JettyWebhookSender.Settings.defaults()
                .withAllowHttp(true).withAllowHosts(Set.of("127.0.0.1")), new SystemClock());
        private final AtomicInteger sent = new AtomicInteger();

        Counting() {
            cluster.closeLater(sender);
        }

        @Override
        public java.util.Optional<String> refusal(URI url) {
            return sender.refusal(url);
        }

        @Override
        public Attempt send(URI url, Map<String, String> headers, byte[] body) {
            sent.incrementAndGet();
            return sender.send(url, headers, body);
        }
    }

    private void subscribe(int port, WebhookReceiver receiver) {
        HttpResponse<String> created = cluster.send(port, "POST", "/v1/webhooks", "{\"url\":\"" + receiver.url("/")
                + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        receiver.trust(Api.JSON.readTree(created.body()).path("secret").asString());
    }

    @Test
    void givenFiveThousandEventsOverTwoInstances_eachIsDeliveredExactlyOnce_byBoth() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        Counting firstSender = new Counting();
        Counting secondSender = new Counting();
        Map<String, String> settings = Map.of("PE_WORKERS", "16", "PE_WEBHOOK_WORKERS", "8");
        PromptEngine first = cluster.start(url, List.of(QueueModelProvider.answering(Duration.ZERO)), settings,
                firstSender);
        cluster.liftDemoLimits(first.port().orElseThrow());
        PromptEngine second = cluster.start(url, List.of(QueueModelProvider.answering(Duration.ZERO)), settings,
                secondSender);
        WebhookReceiver receiver = new WebhookReceiver();
        cluster.closeLater(receiver);
        subscribe(first.port().orElseThrow(), receiver);
        int total = 5_000;

        submitInProcess(total, first, second);

        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'", total);
        assertThat(receiver.countsById()).hasSize(total);
        assertThat(receiver.countsById().values()).extracting(AtomicInteger::get).containsOnly(1);
        assertThat(receiver.failures()).isEmpty();
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM webhook_deliveries")).isEqualTo(total);
        assertThat(firstSender.sent.get() + secondSender.sent.get()).isEqualTo(total);
        assertThat(firstSender.sent.get()).as("deliveries the first instance made").isPositive();
        assertThat(secondSender.sent.get()).as("deliveries the second instance made").isPositive();
    }

    /**
     * Queues {@code total} async executions, alternately on each instance, in process (the HTTP path of a submission
     * is the queue tests' subject, not this one's) from 16 threads.
     */
    private static void submitInProcess(int total, PromptEngine first, PromptEngine second) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> submitted = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                PromptEngine engine = i % 2 == 0 ? first : second;
                String input = "event-" + i;
                submitted.add(clients.submit(() -> engine.tenant("demo").submit(PromptRequest.of(
                        QueueModelProvider.MODEL, input))));
            }
            for (Future<?> each : submitted) {
                each.get(QueueCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void givenInstanceKilledBetweenTheEndsAndTheirDelivery_theOtherInstanceDeliversEveryEvent() throws Exception {
        killedBeforeDelivery(TestPostgres.freshDatabaseUrl());
    }

    @Test
    void givenH2InstanceKilledBetweenTheEndsAndTheirDelivery_theNextStartDeliversEveryEvent() throws Exception {
        Path directory = Files.createTempDirectory("pe-webhook-crash-");
        killedBeforeDelivery("jdbc:h2:file:" + directory.resolve("db").toAbsolutePath());
    }

    /**
     * The doomed instance runs no delivery workers, so every event is still in its outbox when it is killed; each
     * execution's end was answered before the kill, so it is durable, and its event must be too.
     */
    private void killedBeforeDelivery(String url) throws Exception {
        Process doomed = cluster.startProcess(WebhookInstanceMain.class, url, Map.of("PE_WEBHOOK_WORKERS", "0"));
        int doomedPort = QueueCluster.port(doomed);
        cluster.liftDemoLimits(doomedPort);
        WebhookReceiver receiver = new WebhookReceiver();
        cluster.closeLater(receiver);
        subscribe(doomedPort, receiver);
        int total = 40;
        for (int i = 0; i < total; i++) {
            HttpResponse<String> ended = cluster.send(doomedPort, "POST", "/v1/prompt/execute",
                    "{\"model\":\"echo\",\"input\":\"crash " + i + "\"}");
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        }

        doomed.destroyForcibly();
        assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.received()).isEmpty();
        cluster.start(url, List.of(), Map.of("PE_WEBHOOK_WORKERS", "2"));

        Eventually.await(total + " events delivered", () -> receiver.countsById().size() == total);
        assertThat(receiver.countsById().values()).extracting(AtomicInteger::get).containsOnly(1);
        assertThat(receiver.failures()).isEmpty();
        assertThat(receiver.received()).allSatisfy(each -> assertThat(Api.JSON.readTree(each.body()).path("type")
                .asString()).isEqualTo("execution.completed"));
    }
}

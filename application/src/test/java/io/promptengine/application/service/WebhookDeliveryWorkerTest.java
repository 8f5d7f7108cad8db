package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeWebhookPayloads;
import io.promptengine.application.fakes.FakeWebhookSender;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryWebhookOutbox;
import io.promptengine.application.fakes.InMemoryWebhookStore;
import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.RetrySchedule;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import io.promptengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryWorkerTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(10),
            Duration.ofSeconds(60)), 0.2);

    private final FakeClock clock = new FakeClock();
    private final InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore(new InMemoryAuditEventStore(), outbox);
    private final InMemoryExecutionStore executions = new InMemoryExecutionStore();
    private final FakeWebhookSender sender = new FakeWebhookSender();
    private final WebhookDeliveryWorker worker = new WebhookDeliveryWorker(outbox, webhooks, executions,
            new FakeWebhookPayloads(), sender, clock, () -> 0.5, "worker-1",
            new WebhookDeliveryWorker.Settings(SCHEDULE, Duration.ofMinutes(1), 8, Duration.ofDays(5)));
    private final WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    private Webhook webhook;
    private Delivery delivery;

    @BeforeEach
    void anEndedExecutionWithItsDelivery() {
        webhook = Webhook.create(new WebhookId("wh_1"), ACME, URI.create("https://hooks.example.com/in"),
                EventType.subscribable(), Optional.empty(), Optional.empty(), "", secret, clock.now());
        webhooks.insert(webhook, Optional.empty());
        Execution ended = SampleExecutions.completed("exec_1", ACME, clock.now());
        executions.insert(ended);
        String eventId = Delivery.eventId(ended.id());
        Instant at = ended.completedAt().orElseThrow();
        delivery = new Delivery(Delivery.deliveryId(eventId, webhook.id()), webhook.id(), ACME, eventId,
                EventType.EXECUTION_COMPLETED, Optional.of(ended.id()), at, DeliveryStatus.PENDING, 0,
                Optional.of(at), Optional.empty(), at);
        outbox.add(delivery);
        clock.advance(Duration.ofSeconds(1));
    }

    private Delivery stored() {
        return outbox.find(ACME, webhook.id(), delivery.id()).orElseThrow();
    }

    @Test
    void aSuccess_sendsTheRenderedEventSignedWithTheSpecificationsHeaders_andAttachesItsBody() throws Exception {
        assertThat(worker.deliverDue()).isEqualTo(1);

        FakeWebhookSender.Sent sent = sender.sent().get(0);
        assertThat(sent.url()).isEqualTo(webhook.url());
        assertThat(sent.headers()).containsEntry("webhook-id", "evt_exec_1")
                .containsEntry("webhook-timestamp", Long.toString(clock.now().getEpochSecond()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(("evt_exec_1."
                + clock.now().getEpochSecond() + "." + new String(sent.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.headers()).containsEntry("webhook-signature", expected);
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).startsWith("execution.completed ");
        assertThat(outbox.body(delivery.id())).hasValueSatisfying(body -> assertThat(body).isEqualTo(sent.body()));
        assertThat(stored().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(stored().lastAttempt().orElseThrow().statusCode()).hasValue(200);
    }

    @Test
    void a500_isRetriedOnTheSchedule_withTheSameIdAndBody_thenSucceeds() {
        sender.then(FakeWebhookSender.answer(500));
        worker.deliverDue();

        assertThat(stored().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(stored().nextAttemptAt()).contains(clock.now().plusSeconds(10));
        assertThat(webhooks.find(webhook.id()).orElseThrow().failingSince()).contains(clock.now());
        assertThat(worker.deliverDue()).isZero();

        clock.advance(Duration.ofSeconds(10));
        worker.deliverDue();

        List<FakeWebhookSender.Sent> sent = sender.sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).headers().get("webhook-id")).isEqualTo(sent.get(0).headers().get("webhook-id"));
        assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
        assertThat(stored().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(stored().attempts()).isEqualTo(2);
        assertThat(webhooks.find(webhook.id()).orElseThrow().failingSince()).isEmpty();
    }

    @Test
    void aRetryAfter_decidesTheNextAttempt() {
        sender.then(new WebhookSender.Attempt.Answered(429, Optional.of(Duration.ofMinutes(30)), "slow down",
                Duration.ofMillis(5)));

        worker.deliverDue();

        assertThat(stored().nextAttemptAt()).contains(clock.now().plus(Duration.ofMinutes(30)));
        assertThat(stored().lastAttempt().orElseThrow().response()).isEqualTo("slow down");
    }

    @Test
    void failuresPastTheLastAttempt_failTheDelivery_andItSaysWhy() {
        sender.then(new WebhookSender.Attempt.Failed(WebhookSender.Reason.TIMED_OUT, "no answer within 10 s",
                Duration.ofSeconds(10))).then(FakeWebhookSender.answer(502)).then(FakeWebhookSender.answer(503));
        for (int i = 0; i < 3; i++) {
            worker.deliverDue();
            clock.advance(Duration.ofMinutes(2));
        }

        assertThat(stored().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(stored().attempts()).isEqualTo(3);
        assertThat(stored().nextAttemptAt()).isEmpty();
        assertThat(stored().lastAttempt().orElseThrow().error()).contains("the receiver answered 503");
    }

    @Test
    void a410_failsTheDelivery_andDisablesTheEndpoint() {
        sender.then(FakeWebhookSender.answer(410));

        worker.deliverDue();

        assertThat(stored().status()).isEqualTo(DeliveryStatus.FAILED);
        Webhook disabled = webhooks.find(webhook.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).contains(Webhook.GONE);
    }

    @Test
    void aDeliveryOfAnEndpointDisabledSinceItsClaim_isGivenBackUnattempted() {
        outbox.add(new Delivery(Delivery.deliveryId("evt_second", webhook.id()), webhook.id(), ACME, "evt_second",
                EventType.EXECUTION_COMPLETED, delivery.executionId(), delivery.occurredAt(), DeliveryStatus.PENDING,
                0, delivery.nextAttemptAt(), Optional.empty(), delivery.createdAt().plusMillis(1)));
        sender.then(FakeWebhookSender.answer(410));

        assertThat(worker.deliverDue()).isEqualTo(2);

        assertThat(sender.sent()).hasSize(1);
        Delivery second = outbox.find(ACME, webhook.id(), Delivery.deliveryId("evt_second", webhook.id()))
                .orElseThrow();
        assertThat(second.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(second.attempts()).isZero();
    }

    @Test
    void anEndpointFailingForDays_isDisabledAutomatically_andSaysSince() {
        webhooks.markFailing(webhook.id(), clock.now().minus(Duration.ofDays(5)));
        sender.then(FakeWebhookSender.answer(500));

        worker.deliverDue();

        Webhook disabled = webhooks.find(webhook.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason().orElseThrow()).startsWith("disabled automatically")
                .contains(clock.now().minus(Duration.ofDays(5)).toString());
    }

    @Test
    void anExecutionNoLongerStored_failsItsDelivery_withoutSendingAnything() {
        InMemoryExecutionStore empty = new InMemoryExecutionStore();
        WebhookDeliveryWorker forgetful = new WebhookDeliveryWorker(outbox, webhooks, empty,
                new FakeWebhookPayloads(), sender, clock, () -> 0.5, "worker-1",
                WebhookDeliveryWorker.Settings.defaults());

        forgetful.deliverDue();

        assertThat(sender.sent()).isEmpty();
        assertThat(stored().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(stored().lastAttempt().orElseThrow().error().orElseThrow()).contains("no longer stored");
    }

    @Test
    void duringARotation_theDeliveryCarriesASignaturePerSecret() {
        WebhookSecret next = WebhookSecret.generate(new SecureRandom());
        webhooks.update(webhook.rotate(next, Duration.ofHours(1), clock.now()), Optional.empty());

        worker.deliverDue();

        assertThat(sender.sent().get(0).headers().get("webhook-signature").split(" ")).hasSize(2);
    }
}

package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import io.promptengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WebhookStore} and {@link WebhookOutbox} do: endpoints scoped to their tenant, delivery's own
 * changes that leave the owner's alone; deliveries claimed by one worker at a time, due ones only, with a fence on
 * the owner and attempt, listed newest first and retried with the same event id and body.
 */
public abstract class WebhookOutboxContract {

    protected static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");
    protected static final TenantId ACME = new TenantId("ten_acme");
    private static final TenantId GLOBEX = new TenantId("ten_globex");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final WebhookSecret SECRET = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    /** The two ports of one adapter, over the same data. */
    public record Stores(WebhookStore webhooks, WebhookOutbox outbox) {
    }

    protected abstract Stores newStores();

    private WebhookStore webhooks;
    private WebhookOutbox outbox;

    @BeforeEach
    void setUp() {
        Stores stores = newStores();
        webhooks = stores.webhooks();
        outbox = stores.outbox();
    }

    protected static Webhook webhook(String id, TenantId tenant) {
        return Webhook.create(new WebhookId(id), tenant, URI.create("https://hooks.example.com/" + id),
                EventType.subscribable(), Optional.empty(), Optional.empty(), "", SECRET, NOW);
    }

    private static Delivery test(String eventId, Webhook webhook, Instant due) {
        return new Delivery(Delivery.deliveryId(eventId, webhook.id()), webhook.id(), webhook.tenantId(), eventId,
                EventType.WEBHOOK_TEST, Optional.empty(), due, DeliveryStatus.PENDING, 0, Optional.of(due),
                Optional.empty(), due);
    }

    @Test
    void anEndpoint_isStoredReadAndChanged_withinItsTenantOnly() {
        Webhook hook = webhook("wh_one", ACME);
        webhooks.insert(hook, Optional.empty());
        Webhook rotated = hook.rotate(new WebhookSecret("whsec_" + "A".repeat(40)), Duration.ofHours(1),
                NOW.plusSeconds(1));
        webhooks.update(rotated, Optional.empty());

        assertThat(webhooks.find(ACME, hook.id())).contains(rotated);
        assertThat(webhooks.find(hook.id())).contains(rotated);
        assertThat(webhooks.find(GLOBEX, hook.id())).isEmpty();
        assertThat(webhooks.list(ACME)).containsExactly(rotated);
        assertThat(webhooks.list(GLOBEX)).isEmpty();
        assertThat(webhooks.delete(GLOBEX, hook.id(), Optional.empty())).isEmpty();
        assertThat(webhooks.delete(ACME, hook.id(), Optional.empty())).contains(rotated);
        assertThat(webhooks.find(hook.id())).isEmpty();
    }

    @Test
    void failingHealthyAndDisabled_changeOnlyTheirOwnColumns_theFirstReasonStands() {
        Webhook hook = webhook("wh_two", ACME);
        webhooks.insert(hook, Optional.empty());

        webhooks.markFailing(hook.id(), NOW.plusSeconds(5));
        webhooks.markFailing(hook.id(), NOW.plusSeconds(9));
        assertThat(webhooks.find(hook.id()).orElseThrow().failingSince()).contains(NOW.plusSeconds(5));
        webhooks.markHealthy(hook.id());
        assertThat(webhooks.find(hook.id()).orElseThrow().failingSince()).isEmpty();

        webhooks.disable(hook.id(), Webhook.GONE, NOW.plusSeconds(10));
        webhooks.disable(hook.id(), "later", NOW.plusSeconds(11));
        Webhook disabled = webhooks.find(hook.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).contains(Webhook.GONE);
        assertThat(disabled.description()).isEqualTo(hook.description());
    }

    @Test
    void aDueDelivery_isClaimedByOneWorkerAtATime_andAgainOnceItsLeaseExpires() {
        Webhook hook = webhook("wh_three", ACME);
        webhooks.insert(hook, Optional.empty());
        outbox.enqueue(test("evt_1", hook, NOW), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        outbox.enqueue(test("evt_later", hook, NOW.plus(Duration.ofHours(1))), "{}".getBytes(StandardCharsets.UTF_8));

        List<WebhookOutbox.Claimed> first = outbox.claim("one", 10, NOW, LEASE);
        assertThat(first).singleElement().satisfies(claimed -> {
            assertThat(claimed.delivery().eventId()).isEqualTo("evt_1");
            assertThat(claimed.delivery().attempts()).isEqualTo(1);
            assertThat(new String(claimed.body().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        });
        assertThat(outbox.claim("two", 10, NOW.plusSeconds(30), LEASE)).isEmpty();

        List<WebhookOutbox.Claimed> taken = outbox.claim("two", 10, NOW.plus(LEASE).plusMillis(1), LEASE);
        assertThat(taken).extracting(claimed -> claimed.delivery().eventId()).containsExactly("evt_1");
        assertThat(taken.get(0).delivery().attempts()).isEqualTo(2);
        assertThat(outbox.record("one", first.get(0).delivery())).isEqualTo(ExecutionStore.Write.STALE);
    }

    @Test
    void record_storesTheAttemptAndReleasesTheLease_aRetryIsDueAgainWithTheSameEventAndBody() {
        Webhook hook = webhook("wh_four", ACME);
        webhooks.insert(hook, Optional.empty());
        outbox.enqueue(test("evt_2", hook, NOW), "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        Delivery claimed = outbox.claim("one", 1, NOW, LEASE).get(0).delivery();
        Delivery failed = new Delivery(claimed.id(), claimed.webhookId(), claimed.tenantId(), claimed.eventId(),
                claimed.type(), claimed.executionId(), claimed.occurredAt(), DeliveryStatus.FAILED,
                claimed.attempts(), Optional.empty(), Optional.of(new Delivery.LastAttempt(NOW.plusSeconds(1),
                        OptionalInt.of(500), Optional.of("the receiver answered 500"), "oops",
                        Duration.ofMillis(42))), claimed.createdAt());

        assertThat(outbox.record("one", failed)).isEqualTo(ExecutionStore.Write.APPLIED);
        assertThat(outbox.find(ACME, hook.id(), claimed.id())).contains(failed);
        assertThat(outbox.find(GLOBEX, hook.id(), claimed.id())).isEmpty();
        assertThat(outbox.claim("one", 1, NOW.plusSeconds(2), LEASE)).isEmpty();

        Delivery retried = outbox.retry(ACME, hook.id(), claimed.id(), NOW.plusSeconds(3)).orElseThrow();
        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(outbox.retry(GLOBEX, hook.id(), claimed.id(), NOW.plusSeconds(3))).isEmpty();
        WebhookOutbox.Claimed again = outbox.claim("two", 1, NOW.plusSeconds(3), LEASE).get(0);
        assertThat(again.delivery().eventId()).isEqualTo("evt_2");
        assertThat(again.delivery().attempts()).isEqualTo(2);
        assertThat(new String(again.body().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
    }

    @Test
    void list_isNewestFirst_pagedByTheLastDelivery_andScopedToTheEndpoint() {
        Webhook hook = webhook("wh_five", ACME);
        Webhook other = webhook("wh_six", ACME);
        webhooks.insert(hook, Optional.empty());
        webhooks.insert(other, Optional.empty());
        for (int i = 0; i < 5; i++) {
            outbox.enqueue(test("evt_p" + i, hook, NOW.plusSeconds(i)), "{}".getBytes(StandardCharsets.UTF_8));
        }
        outbox.enqueue(test("evt_other", other, NOW), "{}".getBytes(StandardCharsets.UTF_8));

        List<Delivery> first = outbox.list(ACME, hook.id(), Optional.empty(), 3);
        assertThat(first).extracting(Delivery::eventId).containsExactly("evt_p4", "evt_p3", "evt_p2");
        assertThat(outbox.list(ACME, hook.id(), Optional.of(first.get(2).id()), 3)).extracting(Delivery::eventId)
                .containsExactly("evt_p1", "evt_p0");
        assertThat(outbox.list(GLOBEX, hook.id(), Optional.empty(), 3)).isEmpty();
    }

    @Test
    void release_givesTheClaimBackUnattempted_toItsOwnerOnly() {
        Webhook hook = webhook("wh_eight", ACME);
        webhooks.insert(hook, Optional.empty());
        outbox.enqueue(test("evt_4", hook, NOW), "{}".getBytes(StandardCharsets.UTF_8));
        Delivery claimed = outbox.claim("one", 1, NOW, LEASE).get(0).delivery();

        outbox.release("two", claimed);
        assertThat(outbox.claim("three", 1, NOW, LEASE)).isEmpty();
        outbox.release("one", claimed);

        WebhookOutbox.Claimed again = outbox.claim("three", 1, NOW, LEASE).get(0);
        assertThat(again.delivery().attempts()).isEqualTo(1);
    }

    @Test
    void attach_storesTheFirstBodyOnly() {
        Webhook hook = webhook("wh_seven", ACME);
        webhooks.insert(hook, Optional.empty());
        outbox.enqueue(test("evt_3", hook, NOW), "{\"first\":true}".getBytes(StandardCharsets.UTF_8));

        outbox.attach(Delivery.deliveryId("evt_3", hook.id()), "{\"second\":true}".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(outbox.claim("one", 1, NOW, LEASE).get(0).body().orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"first\":true}");
    }
}

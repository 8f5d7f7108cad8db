package io.promptengine.application.service;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.RetrySchedule;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

/**
 * The work of one delivery worker: claim the deliveries that are due, attempt each once, record how it went.
 * Any number of these run, on any number of instances; the outbox's leases keep each delivery to one attempt at a
 * time, and the lease (a minute by default) outlasts the longest attempt the sender allows.
 *
 * <p>An execution's event body is rendered before its first attempt, from the execution as stored, and attached to
 * the delivery, so every retry sends the same bytes, signed afresh with a new timestamp. A {@code 2xx} answer is a
 * success; {@code 410 Gone} fails the delivery and disables the endpoint; anything else (another status, a timeout,
 * a connection that failed, a URL the outbound rules refuse now) is retried on the {@link RetrySchedule}, sooner or
 * later as a {@code Retry-After} asks, until the schedule is used up and the delivery has failed. An endpoint that
 * has failed without a success for {@link Settings#autoDisableAfter()} is disabled, and says why.
 */
public final class WebhookDeliveryWorker {

    /** The longest error or response text a delivery log keeps. */
    static final int MAX_LOGGED_TEXT = 1024;

    /**
     * @param batch how many deliveries one round claims
     * @param lease how long a claimed delivery is this worker's alone
     */
    public record Settings(RetrySchedule schedule, Duration lease, int batch, Duration autoDisableAfter) {
        public Settings {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(autoDisableAfter, "autoDisableAfter");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1");
            }
        }

        public static Settings defaults() {
            return new Settings(RetrySchedule.DEFAULT, Duration.ofMinutes(1), 16, Webhook.AUTO_DISABLE_AFTER);
        }
    }

    private final WebhookOutbox outbox;
    private final WebhookStore webhooks;
    private final ExecutionStore executions;
    private final WebhookPayloads payloads;
    private final WebhookSender sender;
    private final Clock clock;
    private final DoubleSupplier random;
    private final String owner;
    private final Settings settings;

    /**
     * @param random numbers in {@code [0, 1)} that choose each retry's jitter
     * @param owner this instance's name on the leases it holds
     */
    public WebhookDeliveryWorker(WebhookOutbox outbox, WebhookStore webhooks, ExecutionStore executions,
            WebhookPayloads payloads, WebhookSender sender, Clock clock, DoubleSupplier random, String owner,
            Settings settings) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.executions = executions;
        this.payloads = payloads;
        this.sender = sender;
        this.clock = clock;
        this.random = random;
        this.owner = owner;
        this.settings = settings;
    }

    /** One round: claims the due deliveries and attempts each; how many were claimed. */
    public int deliverDue() {
        List<WebhookOutbox.Claimed> claimed = outbox.claim(owner, settings.batch(), clock.now(), settings.lease());
        for (WebhookOutbox.Claimed each : claimed) {
            attempt(each);
        }
        return claimed.size();
    }

    private void attempt(WebhookOutbox.Claimed claimed) {
        Delivery delivery = claimed.delivery();
        Optional<Webhook> webhook = webhooks.find(delivery.webhookId());
        if (webhook.isEmpty()) {
            outbox.record(owner, given(delivery, DeliveryStatus.FAILED, Optional.empty(),
                    failure(clock.now(), "the webhook endpoint was deleted", Duration.ZERO)));
            return;
        }
        if (!webhook.get().enabled() && delivery.type() != EventType.WEBHOOK_TEST) {
            // disabled since the claim, by a 410 earlier in this round say: it waits, unattempted, to be enabled
            outbox.release(owner, delivery);
            return;
        }
        Optional<byte[]> body = claimed.body().or(() -> render(delivery));
        if (body.isEmpty()) {
            outbox.record(owner, given(delivery, DeliveryStatus.FAILED, Optional.empty(), failure(clock.now(),
                    "the execution is no longer stored, so its event cannot be rendered", Duration.ZERO)));
            return;
        }
        if (claimed.body().isEmpty()) {
            outbox.attach(delivery.id(), body.get());
        }
        Instant now = clock.now();
        WebhookSender.Attempt attempt = sender.send(webhook.get().url(), headers(delivery, webhook.get(), now,
                body.get()), body.get());
        outbox.record(owner, outcome(delivery, webhook.get(), now, attempt));
    }

    /** The event of an ended execution, from the execution as stored; empty once retention has deleted it. */
    private Optional<byte[]> render(Delivery delivery) {
        return delivery.executionId().flatMap(executions::find).filter(execution -> execution.status().isTerminal())
                .map((Execution execution) -> payloads.execution(delivery.type(), delivery.occurredAt(), execution));
    }

    /** The Standard Webhooks headers: the event id, the time of this attempt, and a signature per secret. */
    private static Map<String, String> headers(Delivery delivery, Webhook webhook, Instant now, byte[] body) {
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", delivery.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(delivery.eventId(), timestamp, body,
                webhook.signingSecrets(now)));
        return headers;
    }

    private Delivery outcome(Delivery delivery, Webhook webhook, Instant at, WebhookSender.Attempt attempt) {
        Instant now = clock.now();
        if (attempt instanceof WebhookSender.Attempt.Answered answered && answered.succeeded()) {
            if (webhook.failingSince().isPresent()) {
                webhooks.markHealthy(webhook.id());
            }
            return given(delivery, DeliveryStatus.SUCCEEDED, Optional.empty(), new Delivery.LastAttempt(at,
                    OptionalInt.of(answered.status()), Optional.empty(), clip(answered.body()), answered.latency()));
        }
        if (attempt instanceof WebhookSender.Attempt.Answered answered && answered.status() == 410) {
            webhooks.disable(webhook.id(), Webhook.GONE, now);
            return given(delivery, DeliveryStatus.FAILED, Optional.empty(), new Delivery.LastAttempt(at,
                    OptionalInt.of(410), Optional.of("410 Gone: the endpoint is disabled"), clip(answered.body()),
                    answered.latency()));
        }
        failing(webhook, now);
        Delivery.LastAttempt last;
        if (attempt instanceof WebhookSender.Attempt.Answered answered) {
            last = new Delivery.LastAttempt(at, OptionalInt.of(answered.status()),
                    Optional.of("the receiver answered " + answered.status()), clip(answered.body()),
                    answered.latency());
        } else if (attempt instanceof WebhookSender.Attempt.Failed failed) {
            last = failure(at, failed.reason(), failed.latency());
        } else {
            WebhookSender.Attempt.Refused refused = (WebhookSender.Attempt.Refused) attempt;
            last = failure(at, refused.reason(), refused.latency());
        }
        Optional<Duration> retryAfter = attempt instanceof WebhookSender.Attempt.Answered answered
                ? answered.retryAfter() : Optional.empty();
        Optional<Duration> wait = settings.schedule().after(delivery.attempts(), random.getAsDouble(), retryAfter);
        return wait.map(delay -> given(delivery, DeliveryStatus.PENDING, Optional.of(now.plus(delay)), last))
                .orElseGet(() -> given(delivery, DeliveryStatus.FAILED, Optional.empty(), last));
    }

    /** Marks the endpoint failing, or disables it once it has failed for too long without a success. */
    private void failing(Webhook webhook, Instant now) {
        Optional<Instant> since = webhook.failingSince();
        if (since.isEmpty()) {
            webhooks.markFailing(webhook.id(), now);
        } else if (!since.get().plus(settings.autoDisableAfter()).isAfter(now)) {
            webhooks.disable(webhook.id(), "disabled automatically: every delivery failed since " + since.get(),
                    now);
        }
    }

    private static Delivery.LastAttempt failure(Instant at, String error, Duration latency) {
        return new Delivery.LastAttempt(at, OptionalInt.empty(), Optional.of(clip(error)), "", latency);
    }

    private static Delivery given(Delivery delivery, DeliveryStatus status, Optional<Instant> next,
            Delivery.LastAttempt last) {
        return new Delivery(delivery.id(), delivery.webhookId(), delivery.tenantId(), delivery.eventId(),
                delivery.type(), delivery.executionId(), delivery.occurredAt(), status, delivery.attempts(), next,
                Optional.of(last), delivery.createdAt());
    }

    private static String clip(String text) {
        return text.length() <= MAX_LOGGED_TEXT ? text : text.substring(0, MAX_LOGGED_TEXT);
    }
}

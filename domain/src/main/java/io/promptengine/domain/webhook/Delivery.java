package io.promptengine.domain.webhook;

import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event on its way to one webhook endpoint, as the delivery log shows it. {@code eventId} is the
 * {@code webhook-id} header of every attempt, the same on each retry, so a receiver can drop repeats.
 *
 * @param executionId the execution the event is about; absent for a {@code webhook.test}
 * @param occurredAt when the event happened: the {@code timestamp} of its body
 * @param attempts how many attempts were made
 * @param nextAttemptAt when the next attempt is due, while the delivery is pending
 * @param lastAttempt how the latest attempt went, once there was one
 */
public record Delivery(String id, WebhookId webhookId, TenantId tenantId, String eventId, EventType type,
        Optional<ExecutionId> executionId, Instant occurredAt, DeliveryStatus status, int attempts,
        Optional<Instant> nextAttemptAt, Optional<LastAttempt> lastAttempt, Instant createdAt) {

    public static final int MAX_ID_LENGTH = 128;

    /**
     * @param statusCode the receiver's HTTP status, when it answered
     * @param error what went wrong, when it did not succeed
     * @param response the start of the receiver's answer body, truncated
     */
    public record LastAttempt(Instant at, OptionalInt statusCode, Optional<String> error, String response,
            Duration latency) {
        public LastAttempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(latency, "latency");
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a delivery id has 1 to " + MAX_ID_LENGTH + " characters");
        }
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(status, "status");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The event id of an execution's end: one per execution, as an execution ends once. */
    public static String eventId(ExecutionId execution) {
        return "evt_" + execution.value();
    }

    /** The delivery id of an event to an endpoint: one delivery per event and endpoint. */
    public static String deliveryId(String eventId, WebhookId webhook) {
        return eventId + "." + webhook.value();
    }
}

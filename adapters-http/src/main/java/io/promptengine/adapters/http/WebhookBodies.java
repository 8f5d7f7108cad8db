package io.promptengine.adapters.http;

import io.promptengine.application.port.in.IssuedWebhook;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.util.List;

/**
 * The JSON shapes of webhook endpoints and their deliveries. A secret appears only in {@link CreatedBody}, the
 * answer of the request that made it; {@link WebhookBody} says only until when a rotated one still signs.
 */
final class WebhookBodies {

    private WebhookBodies() {
    }

    /** An endpoint, as every route but creation and rotation shows it. */
    record WebhookBody(String id, String url, List<String> events, String endpointId, String surface,
            String description, boolean enabled, String disabledReason, String failingSince,
            String previousSecretSignsUntil, String createdAt, String updatedAt) {
        static WebhookBody of(Webhook webhook) {
            return new WebhookBody(webhook.id().value(), webhook.url().toString(),
                    webhook.events().stream().map(EventType::wireName).toList(),
                    webhook.endpointFilter().map(EndpointId::value).orElse(null),
                    webhook.surfaceFilter().map(Surface::wireName).orElse(null), webhook.description(),
                    webhook.enabled(), webhook.disabledReason().orElse(null),
                    ExecutionBodies.time(webhook.failingSince()),
                    ExecutionBodies.time(webhook.previousSecret().map(Webhook.PreviousSecret::until)),
                    ExecutionBodies.time(webhook.createdAt()), ExecutionBodies.time(webhook.updatedAt()));
        }
    }

    /** 201 of creation and 200 of rotation: the endpoint and its new secret, shown this once. */
    record CreatedBody(String id, String url, List<String> events, String endpointId, String surface,
            String description, boolean enabled, String disabledReason, String failingSince,
            String previousSecretSignsUntil, String createdAt, String updatedAt, String secret) {
        static CreatedBody of(IssuedWebhook issued) {
            WebhookBody body = WebhookBody.of(issued.webhook());
            return new CreatedBody(body.id(), body.url(), body.events(), body.endpointId(), body.surface(),
                    body.description(), body.enabled(), body.disabledReason(), body.failingSince(),
                    body.previousSecretSignsUntil(), body.createdAt(), body.updatedAt(), issued.secret().value());
        }
    }

    record WebhookListBody(List<WebhookBody> data) {
        static WebhookListBody of(List<Webhook> webhooks) {
            return new WebhookListBody(webhooks.stream().map(WebhookBody::of).toList());
        }
    }

    /** One delivery of the log. */
    record DeliveryBody(String id, String webhookId, String eventId, String eventType, String executionId,
            String status, int attempts, String nextAttemptAt, String lastAttemptAt, Integer lastStatusCode,
            String lastError, String lastResponse, Long lastLatencyMs, String occurredAt, String createdAt) {
        static DeliveryBody of(Delivery delivery) {
            var last = delivery.lastAttempt();
            return new DeliveryBody(delivery.id(), delivery.webhookId().value(), delivery.eventId(),
                    delivery.type().wireName(), delivery.executionId().map(ExecutionId::value).orElse(null),
                    delivery.status().wireName(), delivery.attempts(), ExecutionBodies.time(delivery.nextAttemptAt()),
                    last.map(attempt -> ExecutionBodies.time(attempt.at())).orElse(null),
                    last.filter(attempt -> attempt.statusCode().isPresent())
                            .map(attempt -> attempt.statusCode().getAsInt()).orElse(null),
                    last.flatMap(Delivery.LastAttempt::error).orElse(null),
                    last.map(Delivery.LastAttempt::response).filter(text -> !text.isEmpty()).orElse(null),
                    last.map(attempt -> attempt.latency().toMillis()).orElse(null),
                    ExecutionBodies.time(delivery.occurredAt()), ExecutionBodies.time(delivery.createdAt()));
        }
    }

    /** A page of the log, newest first; {@code next_cursor} is the {@code before} of the next page. */
    record DeliveryListBody(List<DeliveryBody> data, boolean hasMore, String nextCursor) {
        static DeliveryListBody of(List<Delivery> deliveries, int limit) {
            boolean more = deliveries.size() == limit;
            return new DeliveryListBody(deliveries.stream().map(DeliveryBody::of).toList(), more,
                    more ? deliveries.get(deliveries.size() - 1).id() : null);
        }
    }
}

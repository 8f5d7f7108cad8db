package io.promptengine.application.port.in;

import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.Webhook;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's webhook endpoints and their delivery logs. Writes need the {@code manage} scope, reads {@code read}
 * or {@code manage}; another tenant's endpoint is as missing as one that never existed.
 */
public interface ManageWebhooksUseCase {

    /** The most endpoints a tenant may have. */
    int MAX_WEBHOOKS = 20;

    /** A new endpoint, with its secret, shown only now; a URL the outbound rules refuse is invalid input. */
    IssuedWebhook create(Caller caller, NewWebhook webhook);

    List<Webhook> list(Caller caller);

    Webhook get(Caller caller, String webhookId);

    Webhook update(Caller caller, WebhookChanges changes);

    Webhook delete(Caller caller, String webhookId);

    /**
     * A new secret, shown only now; the old one signs beside it for {@code overlap}, by default
     * {@link NewWebhook#DEFAULT_OVERLAP}.
     */
    IssuedWebhook rotateSecret(Caller caller, String webhookId, Optional<Duration> overlap);

    /** The endpoint's deliveries, newest first, up to {@code limit}, created before the delivery {@code before}. */
    List<Delivery> deliveries(Caller caller, String webhookId, Optional<String> before, int limit);

    /** The delivery again, due now, with the same {@code webhook-id} and body. */
    Delivery retry(Caller caller, String webhookId, String deliveryId);

    /** Queues a {@code webhook.test} event to the endpoint, enabled or not subscribing to anything in particular. */
    Delivery test(Caller caller, String webhookId);
}

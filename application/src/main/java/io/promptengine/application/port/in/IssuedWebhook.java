package io.promptengine.application.port.in;

import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookSecret;
import java.util.Objects;

/** An endpoint with its new secret, which is shown to its owner this once. */
public record IssuedWebhook(Webhook webhook, WebhookSecret secret) {

    public IssuedWebhook {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(secret, "secret");
    }
}

package io.promptengine.bootstrap;

import io.promptengine.adapters.http.WebhookEventJson;
import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.time.Instant;

/** The core's event renderer, made of the HTTP adapter's JSON, so an event shows an execution as the API does. */
final class HttpWebhookPayloads implements WebhookPayloads {

    private final WebhookEventJson json = new WebhookEventJson();

    @Override
    public byte[] execution(EventType type, Instant occurredAt, Execution execution) {
        return json.execution(type, occurredAt, execution);
    }

    @Override
    public byte[] test(Instant occurredAt, Webhook webhook) {
        return json.test(occurredAt, webhook.id().value());
    }
}

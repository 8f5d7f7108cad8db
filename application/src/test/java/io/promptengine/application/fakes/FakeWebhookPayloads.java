package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Bodies that name the event and what it is about, enough for a test to tell them apart. */
public final class FakeWebhookPayloads implements WebhookPayloads {

    @Override
    public byte[] execution(EventType type, Instant occurredAt, Execution execution) {
        return (type.wireName() + " " + occurredAt + " " + execution.id().value() + " " + execution.status()
                .wireName()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] test(Instant occurredAt, Webhook webhook) {
        return ("webhook.test " + occurredAt + " " + webhook.id().value()).getBytes(StandardCharsets.UTF_8);
    }
}

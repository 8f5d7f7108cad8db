package io.promptengine.adapters.http;

import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.time.Instant;

/**
 * Webhook event bodies in this API's JSON: {@code {"type", "timestamp", "data"}}, where an execution's
 * {@code data} is the very {@link ExecutionBodies.ExecutionBody} that {@code GET /v1/executions/{id}} answers.
 */
public final class WebhookPayloadJson implements WebhookPayloads {

    private final Json json = new Json();

    /** {@code data} of a {@code webhook.test}: the endpoint it was sent to. */
    record TestData(String webhookId, String message) {
    }

    record EventBody(String type, String timestamp, Object data) {
    }

    @Override
    public byte[] execution(EventType type, Instant occurredAt, Execution execution) {
        return json.write(new EventBody(type.wireName(), ExecutionBodies.time(occurredAt),
                ExecutionBodies.ExecutionBody.of(execution)));
    }

    @Override
    public byte[] test(Instant occurredAt, Webhook webhook) {
        return json.write(new EventBody(EventType.WEBHOOK_TEST.wireName(), ExecutionBodies.time(occurredAt),
                new TestData(webhook.id().value(), "This is a test event from Prompt Engine")));
    }
}

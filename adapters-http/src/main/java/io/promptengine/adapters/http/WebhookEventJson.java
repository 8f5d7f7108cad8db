package io.promptengine.adapters.http;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.EventType;
import java.time.Instant;

/**
 * Webhook event bodies in this API's JSON: {@code {"type", "timestamp", "data"}}, where an execution's
 * {@code data} is the very {@link ExecutionBodies.ExecutionBody} that {@code GET /v1/executions/{id}} answers. The
 * composition root hands these to the core as its event renderer; this adapter only drives the core, so it does
 * not implement the core's port itself.
 */
public final class WebhookEventJson {

    private final Json json = new Json();

    /** {@code data} of a {@code webhook.test}: the endpoint it was sent to. */
    record TestData(String webhookId, String message) {
    }

    record EventBody(String type, String timestamp, Object data) {
    }

    /** The event {@code execution}, now ended, ended with. */
    public byte[] execution(EventType type, Instant occurredAt, Execution execution) {
        return json.write(new EventBody(type.wireName(), ExecutionBodies.time(occurredAt),
                ExecutionBodies.ExecutionBody.of(execution)));
    }

    /** A {@code webhook.test} sent to the endpoint {@code webhookId}. */
    public byte[] test(Instant occurredAt, String webhookId) {
        return json.write(new EventBody(EventType.WEBHOOK_TEST.wireName(), ExecutionBodies.time(occurredAt),
                new TestData(webhookId, "This is a test event from Prompt Engine")));
    }
}

package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.time.Instant;

/**
 * The JSON bodies of webhook events, {@code {"type", "timestamp", "data"}}, rendered by the HTTP adapter so that an
 * execution's {@code data} is exactly what {@code GET /v1/executions/{id}} shows.
 */
public interface WebhookPayloads {

    /** The body of the event that {@code execution}, now ended, ended with. */
    byte[] execution(EventType type, Instant occurredAt, Execution execution);

    /** The body of a {@code webhook.test} event sent to {@code webhook}. */
    byte[] test(Instant occurredAt, Webhook webhook);
}

package io.promptengine.bootstrap;

import io.promptengine.application.port.out.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The sender of a build without the outbound webhook client: every URL is refused, when saved and when an attempt
 * is due, so nothing leaves the process unchecked. A host gives its own sender to the builder
 * ({@code PromptEngine.Builder#webhookSender}).
 */
final class NoWebhookTransport implements WebhookSender {

    static final String REASON = "this installation has no outbound webhook client";

    @Override
    public Optional<String> refusal(URI url) {
        return Optional.of(REASON);
    }

    @Override
    public Attempt send(URI url, Map<String, String> headers, byte[] body) {
        return new Attempt.Refused(REASON, Duration.ZERO);
    }
}

package io.promptengine.bootstrap;

import io.promptengine.adapters.webhooks.jetty.JettyWebhookSender;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.WebhookSender;

/**
 * The engine's one {@link WebhookSender}: Jetty's HTTP client with the outbound rules of the configuration
 * ({@code PE_WEBHOOK_ALLOW_HTTP}, {@code PE_WEBHOOK_ALLOW_HOSTS}) and the sender's own bounds (5 s to connect, 10 s
 * an attempt, 1 MiB a request, 64 KiB of an answer read). Started here, when the engine first needs it
 * ({@link LazyWebhookSender}); the engine closes it with the rest of what it started, after the workers that send
 * through it.
 */
final class WebhookTransport {

    private WebhookTransport() {
    }

    static JettyWebhookSender start(Config.Webhooks config, Clock clock) {
        return JettyWebhookSender.start(settings(config), clock);
    }

    /** The sender the engine uses: its settings made and checked now, its client started on first use. */
    static LazyWebhookSender<JettyWebhookSender> startOnFirstUse(Config.Webhooks config, Clock clock) {
        JettyWebhookSender.Settings settings = settings(config);
        return new LazyWebhookSender<>(() -> JettyWebhookSender.start(settings, clock));
    }

    private static JettyWebhookSender.Settings settings(Config.Webhooks config) {
        return JettyWebhookSender.Settings.defaults()
                .withAllowHttp(config.allowHttp())
                .withAllowHosts(config.allowHosts());
    }
}

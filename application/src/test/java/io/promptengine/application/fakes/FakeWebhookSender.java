package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sender that records every request and answers from a script (200 once the script is used up); URLs whose host
 * is in its refused set are refused. Thread-safe.
 */
public final class FakeWebhookSender implements WebhookSender {

    /** One request as sent. */
    public record Sent(URI url, Map<String, String> headers, byte[] body) {
    }

    private final Deque<Attempt> script = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> refusedHosts = new ArrayList<>();

    public synchronized FakeWebhookSender then(Attempt attempt) {
        script.add(attempt);
        return this;
    }

    public synchronized FakeWebhookSender refuseHost(String host) {
        refusedHosts.add(host);
        return this;
    }

    public static Attempt answer(int status) {
        return new Attempt.Answered(status, Optional.empty(), "", Duration.ofMillis(3));
    }

    @Override
    public synchronized Optional<String> refusal(URI url) {
        return refusedHosts.contains(url.getHost()) ? Optional.of(url.getHost() + " resolves to a private address")
                : Optional.empty();
    }

    @Override
    public synchronized Attempt send(URI url, Map<String, String> headers, byte[] body) {
        sent.add(new Sent(url, Map.copyOf(headers), body.clone()));
        Attempt next = script.poll();
        return next != null ? next : answer(200);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }
}

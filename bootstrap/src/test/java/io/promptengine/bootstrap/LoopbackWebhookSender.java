package io.promptengine.bootstrap;

import io.promptengine.application.port.out.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook sender for tests only: plain {@code http} to {@code 127.0.0.1} and nowhere else, with none of the
 * outbound safety rules of the real one (no address checks at connect time, no size bounds beyond the answer's
 * first 1,000 characters). What it does refuse, it refuses at save time and at every attempt, as the port asks.
 */
final class LoopbackWebhookSender implements WebhookSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Optional<String> refusal(URI url) {
        if (!"http".equals(url.getScheme()) || !"127.0.0.1".equals(url.getHost())) {
            return Optional.of("the test sender reaches http://127.0.0.1 only");
        }
        return Optional.empty();
    }

    @Override
    public Attempt send(URI url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            return new Attempt.Refused(refused.get(), Duration.ZERO);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String answer = response.body();
            return new Attempt.Answered(response.statusCode(), retryAfter(response),
                    answer.length() > 1_000 ? answer.substring(0, 1_000) : answer, since(start));
        } catch (HttpTimeoutException e) {
            return new Attempt.Failed(Reason.TIMED_OUT, "no answer within " + TIMEOUT.toSeconds() + " s",
                    since(start));
        } catch (IOException e) {
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "could not connect: " + e, since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "interrupted", since(start));
        }
    }

    /** Seconds only: what the tests' receiver sends. */
    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").filter(value -> value.matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

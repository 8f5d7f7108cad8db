package io.promptengine.application.port.out;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends webhook requests to receivers outside the process, within the outbound safety rules: the schemes and the
 * addresses a URL may reach, no redirects, bounded request and response sizes and a bounded time per attempt.
 *
 * <p>The same rules are applied twice: by {@link #refusal} when a URL is saved, and by {@link #send} against the
 * address actually connected to, so a host name that resolves elsewhere later (DNS rebinding) is refused then.
 */
public interface WebhookSender {

    /**
     * Why a receiver URL may not be used, in words safe to show its owner (for example "webhook URLs must use
     * https" or "webhook.example resolves to a private address"); empty when it may.
     */
    Optional<String> refusal(URI url);

    /**
     * One delivery attempt: a POST of {@code body} ({@code application/json}) with {@code headers}; never throws
     * for anything the receiver or the network does, which is all in the {@link Attempt}.
     */
    Attempt send(URI url, Map<String, String> headers, byte[] body);

    /** How one attempt went. */
    sealed interface Attempt {

        /** How long the attempt took, from the start of the connection to the end of the answer or the failure. */
        Duration latency();

        /**
         * The receiver answered.
         *
         * @param status the HTTP status code
         * @param retryAfter the receiver's {@code Retry-After}, when it sent a valid one
         * @param body the start of the answer's body, truncated to the sender's bound, for the delivery log
         */
        record Answered(int status, Optional<Duration> retryAfter, String body, Duration latency) implements Attempt {
            public Answered {
                if (status < 100 || status > 999) {
                    throw new IllegalArgumentException("status must be a three-digit HTTP status code");
                }
                Objects.requireNonNull(retryAfter, "retryAfter");
                Objects.requireNonNull(body, "body");
                Objects.requireNonNull(latency, "latency");
            }

            public boolean succeeded() {
                return status >= 200 && status < 300;
            }
        }

        /**
         * No answer: a connection that failed or was refused, a timeout, an answer too large, a TLS failure.
         *
         * @param reason what went wrong, in words safe to show the webhook's owner
         */
        record Failed(Reason kind, String reason, Duration latency) implements Attempt {
            public Failed {
                Objects.requireNonNull(kind, "kind");
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(latency, "latency");
            }
        }

        /**
         * Not sent, because the URL broke the outbound rules at the time of the attempt (the host now resolves to
         * a forbidden address, say).
         */
        record Refused(String reason, Duration latency) implements Attempt {
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(latency, "latency");
            }
        }
    }

    /** Why an attempt had no answer. */
    enum Reason {
        CONNECTION_FAILED,
        TIMED_OUT,
        ANSWER_TOO_LARGE,
        TLS_FAILED
    }

    /** The headers every delivery carries, in the order the Standard Webhooks specification names them. */
    List<String> STANDARD_HEADERS = List.of("webhook-id", "webhook-timestamp", "webhook-signature");
}

package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.application.port.out.WebhookSender.Attempt;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyWebhookSenderTest {

    private static final URI URL = URI.create("https://hooks.example/in");

    /** A sender that says what was done to it. */
    private static final class FakeSender implements WebhookSender, AutoCloseable {
        final List<String> calls = new ArrayList<>();
        boolean closed;

        @Override
        public synchronized Optional<String> refusal(URI url) {
            calls.add("refusal " + url);
            return Optional.empty();
        }

        @Override
        public synchronized Attempt send(URI url, Map<String, String> headers, byte[] body) {
            calls.add("send " + url);
            return new Attempt.Answered(204, Optional.empty(), "", Duration.ofMillis(1));
        }

        @Override
        public synchronized void close() {
            closed = true;
        }
    }

    private final AtomicInteger starts = new AtomicInteger();
    private final FakeSender fake = new FakeSender();
    private final LazyWebhookSender<FakeSender> lazy = new LazyWebhookSender<>(() -> {
        starts.incrementAndGet();
        return fake;
    });

    @Test
    void givenNoUse_nothingIsStarted_andCloseStartsNothing() throws Exception {
        assertThat(lazy.isStarted()).isFalse();

        lazy.close();

        assertThat(starts).hasValue(0);
        assertThat(fake.closed).isFalse();
    }

    @Test
    void givenFirstUse_theSenderIsStartedOnce_andEveryCallGoesToIt() throws Exception {
        assertThat(lazy.refusal(URL)).isEmpty();
        Attempt attempt = lazy.send(URL, Map.of(), new byte[0]);

        assertThat(starts).hasValue(1);
        assertThat(attempt).isInstanceOf(Attempt.Answered.class);
        assertThat(fake.calls).containsExactly("refusal " + URL, "send " + URL);
        lazy.close();
        assertThat(fake.closed).isTrue();
    }

    @Test
    void givenManyThreadsAtOnce_theSenderIsStartedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> {
                    go.await();
                    return lazy.send(URL, Map.of(), new byte[0]);
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(starts).hasValue(1);
        assertThat(fake.calls).hasSize(64);
    }

    @Test
    void givenClosedBeforeAnyUse_aDeliveryFailsAsNoConnection_andAUrlIsRefused_withoutStartingTheSender()
            throws Exception {
        lazy.close();

        Attempt attempt = lazy.send(URL, Map.of(), new byte[0]);

        assertThat(attempt).isInstanceOfSatisfying(Attempt.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(WebhookSender.Reason.CONNECTION_FAILED));
        assertThat(lazy.refusal(URL)).contains("webhooks are stopped: the server is shutting down");
        assertThat(starts).hasValue(0);
    }
}

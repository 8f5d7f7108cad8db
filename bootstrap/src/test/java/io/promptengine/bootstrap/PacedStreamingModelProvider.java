package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streaming provider at the port, {@code paced}: {@code paced/echo} streams the last message back a word at a
 * time, a pause between words, and reports no usage (so a stopped stream is counted from its text);
 * {@code paced/stall} sends one word and then nothing until the request's deadline, which it enforces as a real
 * provider does. {@link #aborted} counts down when its listener threw: the gateway gave the call up.
 */
final class PacedStreamingModelProvider implements ModelProvider {

    static final String NAME = "paced";
    static final String ECHO = NAME + "/echo";
    static final String STALL = NAME + "/stall";
    private static final Duration PACE = Duration.ofMillis(20);

    final CountDownLatch aborted = new CountDownLatch(1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> models() {
        return List.of("echo", "stall");
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        String text = request.messages().get(request.messages().size() - 1).content();
        return new ModelResponse(text, new Usage(words(text).size(), words(text).size()), FinishReason.STOP);
    }

    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        String text = request.messages().get(request.messages().size() - 1).content();
        List<String> words = words(text);
        try {
            if (request.model().equals("stall")) {
                listener.text(words.get(0));
                pause(Duration.between(Instant.now(), request.deadline()));
                throw new DeadlineExceededException("No end of the stream before the execution's deadline");
            }
            for (String word : words) {
                if (Instant.now().isAfter(request.deadline())) {
                    throw new DeadlineExceededException("No end of the stream before the execution's deadline");
                }
                listener.text(word);
                pause(PACE);
            }
        } catch (DeadlineExceededException e) {
            throw e;
        } catch (RuntimeException listenerGaveUp) {
            aborted.countDown();
            throw listenerGaveUp;
        }
        return new ModelResponse(text, new Usage(words.size(), words.size()), FinishReason.STOP);
    }

    private static void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted", e);
        }
    }

    private static List<String> words(String text) {
        List<String> pieces = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int space = text.indexOf(' ', from);
            int to = space < 0 ? text.length() : space + 1;
            pieces.add(text.substring(from, to));
            from = to;
        }
        return pieces;
    }
}

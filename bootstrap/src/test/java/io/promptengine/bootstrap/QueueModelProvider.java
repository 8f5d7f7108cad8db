package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Model {@value #MODEL} for the queue's multi-instance tests: it answers each prompt with itself after
 * {@code delay}, or never ({@link #hanging}, for an instance about to be killed mid-call), and counts the calls per
 * prompt, so a test can tell that every execution reached the model exactly once. The prompts of a test are unique.
 */
final class QueueModelProvider implements ModelProvider {

    static final String NAME = "queuetest";
    static final String MODEL = NAME + "/echo";

    private final Duration delay;
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final AtomicInteger interruptions = new AtomicInteger();

    private QueueModelProvider(Duration delay) {
        this.delay = delay;
    }

    /** Answers after {@code delay}; zero answers at once. */
    static QueueModelProvider answering(Duration delay) {
        return new QueueModelProvider(delay);
    }

    /** Never answers; a call ends only when its thread is interrupted. */
    static QueueModelProvider hanging() {
        return new QueueModelProvider(Duration.ofDays(1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> models() {
        return List.of("echo");
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        String input = request.messages().get(request.messages().size() - 1).content();
        calls.merge(input, 1, Integer::sum);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                interruptions.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new UpstreamException("The call to model " + MODEL + " was interrupted");
            }
        }
        return new ModelResponse(input, new Usage(1, 1), FinishReason.STOP);
    }

    /** How many calls were interrupted while they waited to answer. */
    int interruptions() {
        return interruptions.get();
    }

    /** Calls per prompt so far. */
    Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }
}

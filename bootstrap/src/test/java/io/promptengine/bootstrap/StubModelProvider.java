package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.fail;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model provider the test drives, named {@code stub}: model {@code stub/hold} routes here. Every call waits
 * until the test answers it, so a test can keep a worker busy, watch executions queue and run, and cancel one in
 * the middle of its model call. A call interrupted while it waits is recorded and then answers anyway, with its
 * thread still interrupted, as a provider whose reply was already on the wire would: the worker must not store
 * that late answer. Calls are told apart by their prompt text, which each test keeps unique.
 */
final class StubModelProvider implements ModelProvider {

    static final String NAME = "stub";
    static final String MODEL = NAME + "/hold";
    static final long INPUT_TOKENS = 7;
    static final long OUTPUT_TOKENS = 11;

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Integer> callCounts = new ConcurrentHashMap<>();
    /** Every call since the last reset, also those that a later call with the same text hides in {@link #calls}. */
    private final Queue<Call> every = new ConcurrentLinkedQueue<>();
    private volatile boolean answerAtOnce;

    /** The answer the stub gives to {@code input}. */
    static String answerTo(String input) {
        return "stub answer to " + input;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> models() {
        return List.of("hold");
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        String input = request.messages().get(request.messages().size() - 1).content();
        Call call = new Call();
        callCounts.merge(input, 1, Integer::sum);
        calls.put(input, call);
        every.add(call);
        try {
            if (!answerAtOnce) {
                call.waitForAnswer();
            }
            return new ModelResponse(answerTo(input), new Usage(INPUT_TOKENS, OUTPUT_TOKENS), FinishReason.STOP);
        } finally {
            call.returned.countDown();
        }
    }

    /** Waits until the model is called with {@code input}; returns the latest such call. */
    Call awaitCall(String input) {
        Eventually.await("a model call for '" + input + "'", () -> calls.containsKey(input));
        return calls.get(input);
    }

    boolean wasCalledWith(String input) {
        return calls.containsKey(input);
    }

    /** How many times the model was called with {@code input}. */
    int callsWith(String input) {
        return callCounts.getOrDefault(input, 0);
    }

    /** Answers every waiting call, and every later one at once. */
    void answerEverything() {
        answerAtOnce = true;
        every.forEach(Call::answer);
    }

    /** Forgets every call so far; later calls wait for the test again. */
    void reset() {
        answerAtOnce = false;
        calls.clear();
        callCounts.clear();
        every.clear();
    }

    /** One model call, waiting for the test. */
    static final class Call {

        private final CountDownLatch answered = new CountDownLatch(1);
        private final CountDownLatch interrupted = new CountDownLatch(1);
        private final CountDownLatch returned = new CountDownLatch(1);

        void answer() {
            answered.countDown();
        }

        /** Waits until the worker thread running this call is interrupted. */
        void awaitInterrupt() {
            await(interrupted, "the model call to be interrupted");
        }

        /** Waits until this call has given its answer back to the worker. */
        void awaitReturn() {
            await(returned, "the model call to return");
        }

        boolean wasInterrupted() {
            return interrupted.getCount() == 0;
        }

        private void waitForAnswer() {
            try {
                if (!answered.await(Eventually.TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the test never answered this model call");
                }
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
        }

        private static void await(CountDownLatch latch, String what) {
            try {
                if (!latch.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("Waited %s for %s", Eventually.TIMEOUT, what);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

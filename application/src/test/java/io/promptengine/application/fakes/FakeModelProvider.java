package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A model provider that answers what the test says. By default it echoes the last message with {@link #USAGE};
 * {@link #answer}, {@link #answerWith} and {@link #failWith} change that for every later call. It records the
 * requests it received, and {@link #hold} keeps calls in flight until {@link #release}, so that a test can act
 * while a call is running. Thread-safe.
 */
public final class FakeModelProvider implements ModelProvider {

    /** What the default echo answer reports as consumed. */
    public static final Usage USAGE = new Usage(10, 5);
    /** How long a held call waits for {@link #release} before it gives up, so a broken test cannot hang. */
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(10);

    private final String name;
    private final List<ModelRequest> requests = new ArrayList<>();
    private Function<ModelRequest, ModelResponse> behaviour = FakeModelProvider::echo;
    private BiFunction<ModelRequest, StreamListener, ModelResponse> streaming;
    private CountDownLatch entered = new CountDownLatch(0);
    private CountDownLatch released = new CountDownLatch(0);
    private int interruptions;

    public FakeModelProvider(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        Function<ModelRequest, ModelResponse> answer;
        CountDownLatch enteredNow;
        CountDownLatch releasedNow;
        synchronized (this) {
            requests.add(request);
            answer = behaviour;
            enteredNow = entered;
            releasedNow = released;
        }
        enteredNow.countDown();
        awaitRelease(releasedNow);
        return answer.apply(request);
    }

    /**
     * Streams as {@link #streamWith} says once it was told, else in one piece from {@link #complete} (the port's
     * default). Recorded like a call that does not stream.
     */
    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        BiFunction<ModelRequest, StreamListener, ModelResponse> streamed;
        synchronized (this) {
            streamed = streaming;
            if (streamed != null) {
                requests.add(request);
            }
        }
        return streamed == null ? ModelProvider.super.stream(request, listener) : streamed.apply(request, listener);
    }

    /** Every later streamed call runs {@code script}: it speaks to the listener, then answers or throws. */
    public synchronized FakeModelProvider streamWith(BiFunction<ModelRequest, StreamListener, ModelResponse> script) {
        streaming = Objects.requireNonNull(script, "script");
        return this;
    }

    /**
     * Every later streamed call sends {@code text} word by word (each word with the space after it), then answers
     * it whole with {@code usage}; the usage is reported to the listener only when {@code reportUsage}.
     */
    public FakeModelProvider streamWords(String text, Usage usage, boolean reportUsage) {
        return streamWith((request, listener) -> {
            words(text).forEach(listener::text);
            if (reportUsage) {
                listener.usage(usage);
            }
            return new ModelResponse(text, usage, FinishReason.STOP);
        });
    }

    /** {@code text} cut after each space: the pieces a test streams. */
    public static List<String> words(String text) {
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

    /** Every later call answers {@code text} with {@code usage}. */
    public synchronized FakeModelProvider answer(String text, Usage usage) {
        ModelResponse response = new ModelResponse(text, usage, FinishReason.STOP);
        behaviour = request -> response;
        return this;
    }

    /** Every later call answers what {@code answer} makes of its request; it may also throw. */
    public synchronized FakeModelProvider answerWith(Function<ModelRequest, ModelResponse> answer) {
        behaviour = Objects.requireNonNull(answer, "answer");
        return this;
    }

    /** Every later call throws {@code failure}. */
    public synchronized FakeModelProvider failWith(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        behaviour = request -> {
            throw failure;
        };
        return this;
    }

    /**
     * Later calls block once they have been recorded, until {@link #release}. An interrupted call ends with an
     * {@link UpstreamException}, as an HTTP client's aborted request would.
     */
    public synchronized FakeModelProvider hold() {
        entered = new CountDownLatch(1);
        released = new CountDownLatch(1);
        return this;
    }

    /** Waits until a held call is in flight; false if none arrived in time. */
    public boolean awaitCallInFlight(Duration timeout) throws InterruptedException {
        CountDownLatch enteredNow;
        synchronized (this) {
            enteredNow = entered;
        }
        return enteredNow.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held calls answer. */
    public synchronized void release() {
        released.countDown();
    }

    /** The requests received so far, in order. */
    public synchronized List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int calls() {
        return requests.size();
    }

    /** How many held calls ended because their thread was interrupted. */
    public synchronized int interruptions() {
        return interruptions;
    }

    private void awaitRelease(CountDownLatch releasedNow) {
        try {
            if (!releasedNow.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a held model call was never released");
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                interruptions++;
            }
            Thread.currentThread().interrupt();
            throw new UpstreamException("The model call to '" + name + "' was interrupted", e);
        }
    }

    private static ModelResponse echo(ModelRequest request) {
        List<Message> messages = request.messages();
        return new ModelResponse(messages.get(messages.size() - 1).content(), USAGE, FinishReason.STOP);
    }
}

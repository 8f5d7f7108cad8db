package io.promptengine.adapters.llm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelProvider} promises, run against each adapter: the built-in ones and a plugin's. A subclass
 * supplies the provider, a model it serves, and arranges that the provider answers {@link #PROMPT} (against a stub
 * of its server, when it calls one); its clock is the real one.
 *
 * <pre>{@code
 * class ShoutModelProviderContractTest extends ModelProviderContract {
 *     protected ModelProvider provider() { return new ShoutModelProvider("shouty", 10, "!", Instant::now); }
 *     protected String servedModel() { return "loud"; }
 * }
 * }</pre>
 *
 * <p>The stream tests call {@link #streamingProvider()}, which is {@link #provider()} unless a subclass arranges a
 * stream differently (a stub that answers a streamed call with its server's event stream, say).
 */
public abstract class ModelProviderContract {

    /** The user message of every call the contract makes. */
    protected static final String PROMPT = "Say hello.";

    /** The provider under test, ready to answer {@link #PROMPT}. */
    protected abstract ModelProvider provider();

    /** A model that {@link #provider()} serves. */
    protected abstract String servedModel();

    /** The provider under test, ready to stream its answer to {@link #PROMPT}; {@link #provider()} by default. */
    protected ModelProvider streamingProvider() {
        return provider();
    }

    /** A call names the provider as {@code name/model}, so its name can hold no slash. */
    @Test
    public void name_isNotBlankAndHasNoSlash() {
        assertThat(provider().name()).isNotBlank().doesNotContain("/");
    }

    /** Usage is what quotas and prices are counted from: a provider that answers reports it. */
    @Test
    public void givenServedModel_complete_answersAndReportsUsage() {
        ModelResponse response = provider().complete(request(Instant.now().plus(Duration.ofMinutes(1))));

        assertThat(response.text()).isNotEmpty();
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
    }

    /** The core answers this exception as a 504 timeout; any other would be misreported. */
    @Test
    public void givenDeadlineAlreadyPast_complete_throwsDeadlineExceeded() {
        assertThatThrownBy(() -> provider().complete(request(Instant.now().minus(Duration.ofSeconds(1)))))
                .isInstanceOf(DeadlineExceededException.class);
    }

    /** A streamed answer is the answer: what the listener heard, joined, is the text returned at the end. */
    @Test
    public void givenServedModel_stream_streamsTheTextItReturnsAndReportsUsage() {
        List<String> heard = new ArrayList<>();
        List<Usage> usages = new ArrayList<>();

        ModelResponse response = streamingProvider().stream(request(Instant.now().plus(Duration.ofMinutes(1))),
                new StreamListener() {
                    @Override
                    public void text(String delta) {
                        assertThat(delta).as("a streamed piece is never empty").isNotEmpty();
                        heard.add(delta);
                    }

                    @Override
                    public void usage(Usage soFar) {
                        usages.add(soFar);
                    }
                });

        assertThat(response.text()).isNotEmpty().isEqualTo(String.join("", heard));
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
        assertThat(usages).as("usage reported to the listener").isNotEmpty();
    }

    /**
     * A listener throws when the stream's client went away: the provider stops at once and lets that very
     * exception through, so the core knows why the call ended (and no other failure hides it).
     */
    @Test
    public void givenListenerThrows_stream_stopsAndLetsItsExceptionThrough() {
        RuntimeException hungUp = new IllegalStateException("the client hung up");
        AtomicInteger pieces = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> streamingProvider().stream(
                request(Instant.now().plus(Duration.ofMinutes(1))), new StreamListener() {
                    @Override
                    public void text(String delta) {
                        pieces.incrementAndGet();
                        throw hungUp;
                    }
                }));

        assertThat(thrown).isSameAs(hungUp);
        assertThat(pieces).as("no text after the listener threw").hasValue(1);
    }

    /** The deadline bounds a stream as it bounds a call. */
    @Test
    public void givenDeadlineAlreadyPast_stream_throwsDeadlineExceeded() {
        assertThatThrownBy(() -> streamingProvider().stream(request(Instant.now().minus(Duration.ofSeconds(1))),
                delta -> { }))
                .isInstanceOf(DeadlineExceededException.class);
    }

    private ModelRequest request(Instant deadline) {
        return new ModelRequest(servedModel(), List.of(Message.user(PROMPT)), ModelParameters.DEFAULTS, deadline);
    }
}

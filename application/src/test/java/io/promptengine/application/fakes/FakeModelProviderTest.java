package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeModelProviderTest {

    private static final ModelRequest REQUEST = new ModelRequest("echo",
            List.of(Message.system("be brief"), Message.user("hello")), ModelParameters.DEFAULTS, Instant.EPOCH);

    private final FakeModelProvider provider = new FakeModelProvider("fake");

    @Test
    void givenNoInstructions_complete_echoesTheLastMessageAndRecordsTheRequest() {
        ModelResponse response = provider.complete(REQUEST);

        assertThat(response).isEqualTo(new ModelResponse("hello", FakeModelProvider.USAGE, FinishReason.STOP));
        assertThat(provider.requests()).containsExactly(REQUEST);
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    void givenAnswer_complete_returnsIt() {
        provider.answer("bonjour", new Usage(7, 3));

        assertThat(provider.complete(REQUEST)).isEqualTo(new ModelResponse("bonjour", new Usage(7, 3),
                FinishReason.STOP));
    }

    @Test
    void givenFailure_complete_throwsItAndStillRecordsTheRequest() {
        UpstreamException failure = new UpstreamException("provider returned 503");
        provider.failWith(failure);

        assertThatThrownBy(() -> provider.complete(REQUEST)).isSameAs(failure);
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    void givenHold_complete_waitsForRelease() throws Exception {
        provider.hold();
        CompletableFuture<ModelResponse> call = CompletableFuture.supplyAsync(() -> provider.complete(REQUEST));

        assertThat(provider.awaitCallInFlight(Duration.ofSeconds(5))).isTrue();
        assertThat(call).isNotDone();
        provider.release();

        assertThat(call.get(5, TimeUnit.SECONDS).text()).isEqualTo("hello");
    }

    @Test
    void givenHeldCallInterrupted_complete_throwsUpstreamAndKeepsTheInterrupt() throws Exception {
        provider.hold();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                provider.complete(REQUEST);
                stillInterrupted.completeExceptionally(new AssertionError("the call answered"));
            } catch (UpstreamException e) {
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(provider.awaitCallInFlight(Duration.ofSeconds(5))).isTrue();

        caller.interrupt();

        assertThat(stillInterrupted.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(provider.interruptions()).isEqualTo(1);
    }

    @Test
    void givenNoHeldCall_awaitCallInFlight_givesUp() throws InterruptedException {
        provider.hold();

        assertThat(provider.awaitCallInFlight(Duration.ofMillis(20))).isFalse();
    }
}

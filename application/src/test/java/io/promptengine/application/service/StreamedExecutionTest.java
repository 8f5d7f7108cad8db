package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.WordCountingTokenEstimator;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamedExecutionTest {

    private static final String ANSWER = "Hello there, dear reader ";

    private final App app = new App();

    @Test
    void givenStreamingModel_stream_tellsTheRunningExecutionFirstThenEachPieceAndReturnsItCompleted() {
        app.provider.streamWords(ANSWER, new Usage(12, 4), true);
        Recording observer = new Recording();

        ExecutionResult result = app.executePrompt.stream(command(acme(), "echo"), observer);

        assertThat(observer.events.get(0)).isEqualTo("started running");
        assertThat(observer.events.subList(1, observer.events.size()))
                .containsExactlyElementsOf(FakeModelProvider.words(ANSWER));
        Execution completed = result.execution();
        assertThat(completed.id()).isEqualTo(observer.started.id());
        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(completed.output().orElseThrow().text()).isEqualTo(ANSWER);
        assertThat(completed.usage()).isEqualTo(new Usage(12, 4));
        assertThat(result.cache()).isEmpty();
        assertThat(app.executions.find(ACME, completed.id())).contains(completed);
        assertThat(monthlyTokens()).isEqualTo(16);
    }

    @Test
    void givenCachingApi_stream_neitherReadsNorFillsTheCache() {
        App cached = new App(Duration.ofMinutes(5));
        cached.provider.streamWords(ANSWER, new Usage(12, 4), true);
        cached.executePrompt.execute(command(acme(), "echo"));

        cached.executePrompt.stream(command(acme(), "echo"), new Recording());
        cached.executePrompt.stream(command(acme(), "echo"), new Recording());

        assertThat(cached.provider.calls()).isEqualTo(3);
    }

    @Test
    void givenClientHangsUpWithoutUsageReported_stream_endsCancelledWithTheTokensCountedFromTheTextAndCharged() {
        app.provider.streamWords(ANSWER, new Usage(12, 4), false);
        HangingUp observer = new HangingUp(2);

        Throwable thrown = catchThrowable(() -> app.executePrompt.stream(command(acme(), "echo"), observer));

        assertThat(thrown).isSameAs(observer.hangUp);
        Execution cancelled = app.executions.find(ACME, observer.started.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        long input = new WordCountingTokenEstimator().tokens(app.provider.requests().get(0).messages());
        // the piece the client refused was made, and is paid for, too
        assertThat(cancelled.usage()).isEqualTo(new Usage(input, 2));
        assertThat(cancelled.modelCalls().count()).isEqualTo(1);
        assertThat(monthlyTokens()).isEqualTo(input + 2);
    }

    @Test
    void givenClientHangsUpAfterTheProviderReportedUsage_stream_keepsTheProvidersCount() {
        app.provider.streamWith((request, listener) -> {
            listener.usage(new Usage(30, 0));
            listener.text("one ");
            listener.usage(new Usage(30, 7));
            listener.text("two ");
            listener.text("three ");
            return new ModelResponse("one two three ", new Usage(30, 9), FinishReason.STOP);
        });
        HangingUp observer = new HangingUp(3);

        assertThatThrownBy(() -> app.executePrompt.stream(command(acme(), "echo"), observer))
                .isSameAs(observer.hangUp);

        Execution cancelled = app.executions.find(ACME, observer.started.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.usage()).isEqualTo(new Usage(30, 7));
        assertThat(monthlyTokens()).isEqualTo(37);
    }

    @Test
    void givenProviderThatWrapsTheHangUpInItsOwnFailure_stream_stillEndsCancelledAndThrowsTheObserversException() {
        app.provider.streamWith((request, listener) -> {
            try {
                listener.text("one ");
                listener.text("two ");
            } catch (RuntimeException e) {
                throw new UpstreamException("stream aborted", e);
            }
            return new ModelResponse("one two ", Usage.NONE, FinishReason.STOP);
        });
        HangingUp observer = new HangingUp(2);

        assertThatThrownBy(() -> app.executePrompt.stream(command(acme(), "echo"), observer))
                .isSameAs(observer.hangUp);

        assertThat(app.executions.find(ACME, observer.started.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.CANCELLED);
    }

    @Test
    void givenProviderFailsAfterTheFirstText_stream_recordsTheFailureWithTheTokensSoFarAndThrowsNamingIt() {
        app.provider.streamWith((request, listener) -> {
            listener.usage(new Usage(20, 0));
            listener.text("Partial ");
            throw new UpstreamException("overloaded_error: Overloaded");
        });
        Recording observer = new Recording();

        Throwable thrown = catchThrowable(() -> app.executePrompt.stream(command(acme(), "echo"), observer));

        assertThat(thrown).isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
            assertThat(e.executionId()).isEqualTo(observer.started.id().value());
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
        });
        Execution failed = app.executions.find(ACME, observer.started.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("upstream_error");
        assertThat(failed.usage()).isEqualTo(new Usage(20, 1));
        assertThat(monthlyTokens()).isEqualTo(21);
    }

    @Test
    void givenDeadlinePassesMidStream_stream_endsTimedOut() {
        app.provider.streamWith((request, listener) -> {
            listener.text("Slow ");
            throw new DeadlineExceededException("No end of the stream within 60 s");
        });
        Recording observer = new Recording();

        assertThatThrownBy(() -> app.executePrompt.stream(command(acme(), "echo"), observer))
                .isInstanceOfSatisfying(ExecutionFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));

        Execution timedOut = app.executions.find(ACME, observer.started.id()).orElseThrow();
        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(timedOut.usage().outputTokens()).isEqualTo(1);
    }

    @Test
    void givenEndpointWithOutputSchemaAndInvalidAnswer_stream_checksItOnceAtTheEndWithoutAskingAgain() {
        new Catalog(app, Optional.of(Catalog.SUMMARY), Optional.empty());
        String invalid = "{\"nope\": true}";
        app.provider.streamWords(invalid, new Usage(10, 5), true);
        app.schemas.reject(invalid, new Violation("summary", "Field 'summary' is required"));
        Recording observer = new Recording();

        assertThatThrownBy(() -> app.callEndpoint.stream(endpointCall(), observer))
                .isInstanceOfSatisfying(ExecutionFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.OUTPUT_VALIDATION_FAILED));

        assertThat(app.provider.calls()).isEqualTo(1);
        assertThat(String.join("", observer.events.subList(1, observer.events.size()))).isEqualTo(invalid);
        Execution failed = app.executions.find(ACME, observer.started.id()).orElseThrow();
        assertThat(failed.error().orElseThrow().code()).isEqualTo("output_validation_failed");
        assertThat(failed.usage()).isEqualTo(new Usage(10, 5));
    }

    @Test
    void givenEndpointWithOutputSchemaAndValidAnswer_stream_completesWithTheJsonDocument() {
        new Catalog(app, Optional.of(Catalog.SUMMARY), Optional.empty());
        String valid = "{\"summary\": \"Short.\"}";
        app.provider.streamWords(valid, new Usage(10, 5), true);

        Execution completed = app.callEndpoint.stream(endpointCall(), new Recording()).execution();

        assertThat(completed.output().orElseThrow().json()).contains(valid);
        assertThat(app.provider.requests().get(0).outputSchema()).contains(Catalog.SUMMARY);
    }

    @Test
    void givenStoredPrompt_stream_appendsBothTurnsOnceTheAnswerIsComplete_andNothingWhenTheClientHangsUp() {
        Catalog catalog = new Catalog(app);
        app.provider.streamWords(ANSWER, new Usage(12, 4), true);
        RunStoredPromptCommand command = new RunStoredPromptCommand(acme(), catalog.summary.id().value(), "fake",
                "Hi", Optional.empty(), Optional.empty(), Optional.empty(), "req_1");

        var answer = app.runStoredPrompt.stream(command, new Recording());
        assertThat(answer.conversation().messages()).hasSize(2);
        assertThat(answer.answer().content()).isEqualTo(ANSWER);

        RunStoredPromptCommand next = new RunStoredPromptCommand(acme(), catalog.summary.id().value(), "fake",
                "Again", Optional.empty(), Optional.of(answer.conversation().id().value()), Optional.empty(),
                "req_2");
        HangingUp observer = new HangingUp(1);
        assertThatThrownBy(() -> app.runStoredPrompt.stream(next, observer)).isSameAs(observer.hangUp);
        assertThat(app.conversations.find(ACME, answer.conversation().id()).orElseThrow().messages()).hasSize(2);
        assertThat(app.executions.find(ACME, observer.started.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.CANCELLED);
    }

    private long monthlyTokens() {
        return app.monthlyTokens.total(ACME, YearMonth.from(app.clock.now().atOffset(ZoneOffset.UTC)));
    }

    private static CallEndpointCommand endpointCall() {
        return new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(), Catalog.TEXT,
                "req_1", false, Optional.empty());
    }

    /** Writes down what it hears. */
    private static class Recording implements StreamObserver {
        final List<String> events = new ArrayList<>();
        Execution started;

        @Override
        public void started(Execution running) {
            started = running;
            events.add("started " + running.status().wireName());
        }

        @Override
        public void delta(String text) {
            events.add(text);
        }
    }

    /** A client that hangs up when the {@code n}th piece of text is written to it. */
    private static final class HangingUp extends Recording {
        final RuntimeException hangUp = new IllegalStateException("client hung up");
        private final int n;
        private int pieces;

        HangingUp(int n) {
            this.n = n;
        }

        @Override
        public void delta(String text) {
            if (++pieces == n) {
                throw hangUp;
            }
            super.delta(text);
        }
    }
}

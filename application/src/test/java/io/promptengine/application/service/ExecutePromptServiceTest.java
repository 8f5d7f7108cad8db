package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.TIMEOUT;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static io.promptengine.application.service.App.command;
import static io.promptengine.application.service.RecordedFailures.assertRecorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExecutePromptServiceTest {

    private final App app = new App();

    @Test
    void givenAnsweringModel_execute_returnsAndStoresTheCompletedExecutionWithUsage() {
        app.provider.answer("Hello!", new Usage(8, 2));

        Execution execution = app.executePrompt.execute(command(acme(), "echo")).execution();

        assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(execution.output().orElseThrow().text()).isEqualTo("Hello!");
        assertThat(execution.usage()).isEqualTo(new Usage(8, 2));
        assertThat(execution.attempts()).isEqualTo(1);
        assertThat(execution.completedAt()).contains(app.clock.now());
        assertThat(app.executions.find(ACME, execution.id())).contains(execution);
    }

    @Test
    void givenSyncExecution_execute_routesTheModelOnceAndCallsTheProviderItRecorded() {
        Execution execution = app.executePrompt.execute(command(acme(), "echo")).execution();

        assertThat(app.router.routings("echo")).isEqualTo(1);
        assertThat(execution.request().provider()).isEqualTo(app.provider.name());
        assertThat(app.provider.calls()).isEqualTo(1);
    }

    @Test
    void givenCachedSyncExecution_execute_routesTheModelOnce() {
        App cached = new App(Duration.ofMinutes(5));

        cached.executePrompt.execute(command(acme(), "echo"));

        assertThat(cached.router.routings("echo")).isEqualTo(1);
    }

    @Test
    void givenCommand_execute_recordsWhoAskedWhatThroughWhichSurface() {
        ExecutePromptCommand command = new ExecutePromptCommand(acme(), "echo", "Translate: chat",
                new ModelParameters(OptionalDouble.of(0.2), OptionalInt.of(64)), "req_42", Optional.of("idem-7"));

        Execution execution = app.executePrompt.execute(command).execution();

        assertThat(execution.id().value()).isEqualTo("exec_000001");
        assertThat(execution.request().tenantId()).isEqualTo(ACME);
        assertThat(execution.request().apiKeyId()).isEqualTo(acme().apiKeyId());
        assertThat(execution.request().source()).isEqualTo(Surface.EXECUTE_API);
        assertThat(execution.request().provider()).isEqualTo("fake");
        assertThat(execution.request().model()).isEqualTo("echo");
        assertThat(execution.request().input()).isEqualTo("Translate: chat");
        assertThat(execution.request().parameters()).isEqualTo(command.parameters());
        assertThat(execution.request().requestId()).isEqualTo("req_42");
        assertThat(execution.request().idempotencyKey()).contains("idem-7");
    }

    @Test
    void givenCommand_execute_asksTheModelForTheInputWithParametersAndADeadline() {
        ModelParameters parameters = new ModelParameters(OptionalDouble.of(0.7), OptionalInt.empty());
        Instant start = app.clock.now();

        app.executePrompt.execute(new ExecutePromptCommand(acme(), "echo", "What is 2+2?", parameters, "req_1",
                Optional.empty()));

        assertThat(app.provider.requests()).containsExactly(
                new ModelRequest("echo", List.of(Message.user("What is 2+2?")), parameters, start.plus(TIMEOUT)));
    }

    @Test
    void givenProviderSlashModel_execute_callsThatProviderWithTheBareModelName() {
        FakeModelProvider ollama = new FakeModelProvider("ollama");
        app.router.register(ollama);

        Execution execution = app.executePrompt.execute(command(acme(), "ollama/llama3.2")).execution();

        assertThat(ollama.requests()).extracting(ModelRequest::model).containsExactly("llama3.2");
        assertThat(app.provider.calls()).isZero();
        assertThat(execution.request().provider()).isEqualTo("ollama");
        assertThat(execution.request().model()).isEqualTo("ollama/llama3.2");
    }

    @Test
    void givenUpstreamFailure_execute_storesFailedAndRethrows() {
        UpstreamException failure = new UpstreamException("Provider 'fake' answered 503 after 3 attempts");
        app.provider.failWith(failure);

        Throwable thrown = catchThrowable(() -> app.executePrompt.execute(command(acme(), "echo")));

        Execution stored = onlyStored();
        assertRecorded(thrown, failure, stored);
        assertThat(stored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored.error()).contains(
                new ExecutionError("upstream_error", "Provider 'fake' answered 503 after 3 attempts"));
        assertThat(stored.completedAt()).isPresent();
    }

    @Test
    void givenDeadlineExceeded_execute_storesTimedOutAndRethrows() {
        DeadlineExceededException failure = new DeadlineExceededException("No answer within 60 s");
        app.provider.failWith(failure);

        Throwable thrown = catchThrowable(() -> app.executePrompt.execute(command(acme(), "echo")));

        Execution stored = onlyStored();
        assertRecorded(thrown, failure, stored);
        assertThat(stored.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(stored.error()).contains(new ExecutionError("timeout", "No answer within 60 s"));
    }

    @Test
    void givenUnexpectedException_execute_storesInternalErrorWithoutItsMessageAndRethrows() {
        IllegalStateException bug = new IllegalStateException("secret internals at line 42");
        app.provider.failWith(bug);

        assertThatThrownBy(() -> app.executePrompt.execute(command(acme(), "echo"))).isSameAs(bug);

        Execution stored = onlyStored();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored.error().orElseThrow().code()).isEqualTo("internal_error");
        assertThat(stored.error().orElseThrow().message()).doesNotContain("secret internals");
    }

    @Test
    void givenProviderRefusingTheRequest_execute_storesFailedValidationAndRethrows() {
        InvalidInputException refusal = new InvalidInputException("input", "The prompt exceeds the context length");
        app.provider.failWith(refusal);

        Throwable thrown = catchThrowable(() -> app.executePrompt.execute(command(acme(), "echo")));

        assertRecorded(thrown, refusal, onlyStored());
        assertThat(onlyStored().error()).contains(
                new ExecutionError("validation_error", "The prompt exceeds the context length"));
    }

    @Test
    void givenUnroutableModel_execute_isRefusedOnModelAndStoresNothing() {
        assertThatThrownBy(() -> app.executePrompt.execute(command(acme(), "gpt-9")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("model");
                    assertThat(e).hasMessageContaining("'gpt-9'");
                });

        assertThat(app.executions.all()).isEmpty();
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenUnroutableModel_submit_isRefusedOnModelAndQueuesNothing() {
        assertThatThrownBy(() -> app.executePrompt.submit(command(acme(), "gpt-9")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("model"));

        assertThat(app.executions.all()).isEmpty();
        assertThat(app.workers.wakes()).isZero();
    }

    @Test
    void givenKeyWithoutExecuteScope_executeAndSubmit_areForbiddenAndStoreNothing() {
        ExecutePromptCommand readOnly = command(caller(ACME, Scope.READ, Scope.MANAGE), "echo");

        assertThatThrownBy(() -> app.executePrompt.execute(readOnly)).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("'execute'");
        assertThatThrownBy(() -> app.executePrompt.submit(readOnly)).isInstanceOf(PermissionDeniedException.class);

        assertThat(app.executions.all()).isEmpty();
        assertThat(app.workers.wakes()).isZero();
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenCommand_submit_storesQueuedBeforeAnyWorkerRuns() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));

        assertThat(queued.status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(app.executions.find(ACME, queued.id())).contains(queued);
        assertThat(app.workers.wakes()).isEqualTo(1);
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenSubmittedExecution_workerRun_completesIt() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        Instant workerStart = app.clock.advance(Duration.ofSeconds(2));

        app.runQueued();

        Execution stored = app.executions.find(ACME, queued.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(stored.output().orElseThrow().text()).isEqualTo("Say hello");
        assertThat(stored.usage()).isEqualTo(FakeModelProvider.USAGE);
        assertThat(stored.startedAt()).contains(workerStart);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(app.provider.requests()).extracting(ModelRequest::deadline)
                .containsExactly(workerStart.plus(TIMEOUT));
    }

    private Execution onlyStored() {
        assertThat(app.executions.all()).hasSize(1);
        return app.executions.all().get(0);
    }
}

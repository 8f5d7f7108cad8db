package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.tenant.Scope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallEndpointServiceTest {

    private final App app = new App();
    private final Catalog catalog = new Catalog(app);

    @Test
    void givenLivePrompt_call_rendersItsTemplatesWithTheInputAndAnswersTheModelsText() {
        Execution completed = app.callEndpoint.call(command(Optional.empty())).execution();

        ModelRequest sent = app.provider.requests().get(0);
        assertThat(sent.messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: Prompt Engine runs prompts"));
        assertThat(sent.model()).isEqualTo("echo");
        assertThat(sent.parameters()).isEqualTo(Catalog.PARAMETERS);
        assertThat(sent.outputSchema()).isEmpty();
        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(completed.output().orElseThrow().text()).isEqualTo("Summarise: Prompt Engine runs prompts");
        assertThat(completed.output().orElseThrow().json()).isEmpty();
    }

    @Test
    void givenCall_call_routesTheVersionsModelOnce() {
        app.callEndpoint.call(command(Optional.empty()));

        assertThat(app.router.routings("echo")).isEqualTo(1);
    }

    @Test
    void givenCall_execution_isRecordedAsAnEndpointRunOfTheLiveVersion() {
        Execution completed = app.callEndpoint.call(command(Optional.empty())).execution();

        assertThat(app.executions.all()).containsExactly(completed);
        assertThat(completed.request().source()).isEqualTo(Surface.ENDPOINT);
        assertThat(completed.request().promptVersionId()).contains(catalog.summaryLive.id().value());
        assertThat(completed.request().endpointId()).contains(catalog.endpoint.id());
        assertThat(completed.request().input()).isEqualTo(Catalog.TEXT);
        assertThat(completed.request().provider()).isEqualTo("fake");
        assertThat(completed.request().requestId()).isEqualTo("req_1");
        assertThat(completed.request().idempotencyKey()).contains("idem-1");
    }

    @Test
    void givenPromptName_call_runsThatPromptsLiveVersion() {
        Execution completed = app.callEndpoint.call(command(Optional.of("detailed-summary"))).execution();

        assertThat(completed.request().promptVersionId()).contains(catalog.detailedLive.id().value());
        assertThat(app.provider.requests().get(0).messages())
                .containsExactly(Message.user("In detail: Prompt Engine runs prompts"));
    }

    @Test
    void givenUnknownPromptName_call_isNotFoundSayingSo() {
        assertThatThrownBy(() -> app.callEndpoint.call(command(Optional.of("nope"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No prompt named 'nope' on this endpoint");
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenPromptWithOnlyADraft_call_isRefusedAsTestOnly() {
        assertThatThrownBy(() -> app.callEndpoint.call(command(Optional.of("drafty"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Prompt 'drafty' has no live version; drafts are test-only (run them through POST "
                        + "/v1/prompts/" + catalog.drafty.id() + "/versions/{version}/test)");
        assertThat(app.provider.calls()).isZero();
        assertThat(app.executions.all()).isEmpty();
    }

    @Test
    void givenInputBreakingTheInputSchema_call_isRefusedWithTheFirstViolationBeforeAnyModelCall() {
        String input = "{\"max_length\":5}";
        app.schemas.reject(input, new Violation("text", "Field 'text' is required"),
                new Violation("max_length", "Field 'max_length' must be between 10 and 1000"));

        assertThatThrownBy(() -> app.callEndpoint.call(command(input, Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Field 'text' is required");
                    assertThat(e.field()).contains("text");
                });
        assertThat(app.provider.requests()).isEmpty();
        assertThat(app.executions.all()).isEmpty();
    }

    @Test
    void givenViolationOfTheWholeDocument_call_isRefusedWithNoField() {
        String input = "{\"text\":\"t\",\"extra\":1}";
        app.schemas.reject(input, new Violation("", "Field 'extra' is not allowed"));

        assertThatThrownBy(() -> app.callEndpoint.call(command(input, Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEmpty());
    }

    @Test
    void givenHostNamingTheCallersTenant_call_runs() {
        Execution completed = app.callEndpoint.call(command(Catalog.TEXT, Optional.of("acme"), Optional.empty())).execution();

        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void givenHostNamingAnotherTenant_call_isForbiddenBeforeAnythingElse() {
        assertThatThrownBy(() -> app.callEndpoint.call(command(Catalog.TEXT, Optional.of("globex"), Optional.empty())))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("The host names tenant 'globex', and this API key belongs to another tenant");
        assertThatThrownBy(() -> app.callEndpoint.call(command(Catalog.TEXT, Optional.of("nobody"), Optional.empty())))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(app.provider.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/other", "/api/v1/summarize/", "/v1/prompt/execute", "/api/%20x", "/"})
    void givenPathWithNoEndpoint_call_isNotFound(String path) {
        CallEndpointCommand command = new CallEndpointCommand(acme(), Optional.empty(), path, Optional.empty(),
                Catalog.TEXT, "req_1", false, Optional.empty());

        assertThatThrownBy(() -> app.callEndpoint.call(command)).isInstanceOf(NotFoundException.class)
                .hasMessage("No endpoint at POST " + path);
    }

    @Test
    void givenAnotherTenantsKey_call_doesNotFindThisTenantsEndpoint() {
        CallEndpointCommand command = new CallEndpointCommand(caller(App.GLOBEX, Scope.EXECUTE), Optional.empty(),
                Catalog.PATH, Optional.empty(), Catalog.TEXT, "req_1", false, Optional.empty());

        assertThatThrownBy(() -> app.callEndpoint.call(command)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenKeyWithoutExecuteScope_call_isForbidden() {
        Caller reader = caller(ACME, Scope.READ, Scope.MANAGE);
        CallEndpointCommand command = new CallEndpointCommand(reader, Optional.empty(), Catalog.PATH,
                Optional.empty(), Catalog.TEXT, "req_1", false, Optional.empty());

        assertThatThrownBy(() -> app.callEndpoint.call(command)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void givenCall_modelDeadline_isTheEndpointsTimeoutFromTheStart() {
        Execution completed = app.callEndpoint.call(command(Optional.empty())).execution();

        assertThat(app.provider.requests().get(0).deadline())
                .isEqualTo(completed.startedAt().orElseThrow().plus(Catalog.ENDPOINT_TIMEOUT));
    }

    @Test
    void givenModelMissingTheDeadline_call_isTimedOutAndRecorded() {
        app.provider.failWith(new DeadlineExceededException("No answer from 'fake' within 20 s"));

        assertThatThrownBy(() -> app.callEndpoint.call(command(Optional.empty())))
                .isInstanceOf(ExecutionFailedException.class).hasCauseInstanceOf(DeadlineExceededException.class);
        Execution recorded = app.executions.all().get(0);
        assertThat(recorded.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(recorded.error().orElseThrow().code()).isEqualTo("timeout");
    }

    @Test
    void givenCacheBypass_call_stillRunsTheModel() {
        app.callEndpoint.call(new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(),
                Catalog.TEXT, "req_1", true, Optional.empty()));

        assertThat(app.provider.calls()).isEqualTo(1);
    }

    private static CallEndpointCommand command(Optional<String> promptName) {
        return new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, promptName, Catalog.TEXT, "req_1",
                false, Optional.of("idem-1"));
    }

    private static CallEndpointCommand command(String input, Optional<String> host, Optional<String> promptName) {
        return new CallEndpointCommand(acme(), host, Catalog.PATH, promptName, input, "req_1", false,
                Optional.empty());
    }
}

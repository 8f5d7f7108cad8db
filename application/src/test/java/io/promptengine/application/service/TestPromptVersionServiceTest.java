package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.tenant.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestPromptVersionServiceTest {

    private final App app = new App();
    private final Catalog catalog = new Catalog(app);

    @Test
    void givenDraft_test_runsItAndRecordsATestRun() {
        Execution completed = app.testVersion.test(command(catalog.drafty.id().value(), 1));

        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(completed.output().orElseThrow().text()).isEqualTo("Draft: Prompt Engine runs prompts");
        assertThat(app.provider.requests().get(0).messages())
                .containsExactly(Message.user("Draft: Prompt Engine runs prompts"));
        assertThat(completed.request().source()).isEqualTo(Surface.TEST);
        assertThat(completed.request().promptVersionId()).contains(catalog.draft.id().value());
        assertThat(completed.request().endpointId()).contains(catalog.endpoint.id());
        assertThat(completed.request().idempotencyKey()).contains("idem-9");
        assertThat(app.executions.all()).containsExactly(completed);
    }

    @Test
    void givenLiveVersion_test_runsItToo() {
        Execution completed = app.testVersion.test(command(catalog.summary.id().value(), 1));

        assertThat(completed.request().promptVersionId()).contains(catalog.summaryLive.id().value());
    }

    @Test
    void givenInputBreakingTheEndpointsInputSchema_test_isRefusedBeforeAnyModelCall() {
        app.schemas.reject(Catalog.TEXT, new Violation("text", "Field 'text' must be a string"));

        assertThatThrownBy(() -> app.testVersion.test(command(catalog.drafty.id().value(), 1)))
                .isInstanceOf(InvalidInputException.class).hasMessage("Field 'text' must be a string");
        assertThat(app.provider.requests()).isEmpty();
    }

    @Test
    void givenUnknownVersionNumber_test_isNotFound() {
        assertThatThrownBy(() -> app.testVersion.test(command(catalog.drafty.id().value(), 2)))
                .isInstanceOf(NotFoundException.class).hasMessage("Prompt 'drafty' has no version 2");
    }

    @Test
    void givenUnknownOrForeignOrMalformedPrompt_test_isNotFound() {
        assertThatThrownBy(() -> app.testVersion.test(command("00000000-0000-4000-a000-000000000099", 1)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.testVersion.test(command("not-a-uuid", 1)))
                .isInstanceOf(NotFoundException.class).hasMessage("No prompt with id 'not-a-uuid'");
        assertThatThrownBy(() -> app.testVersion.test(new TestPromptVersionCommand(
                caller(App.GLOBEX, Scope.MANAGE), catalog.drafty.id().value(), 1, Catalog.TEXT, "req_1")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenKeyWithoutManageScope_test_isForbidden() {
        assertThatThrownBy(() -> app.testVersion.test(new TestPromptVersionCommand(caller(ACME, Scope.EXECUTE),
                catalog.drafty.id().value(), 1, Catalog.TEXT, "req_1")))
                .isInstanceOf(PermissionDeniedException.class);
    }

    private static TestPromptVersionCommand command(String promptId, int version) {
        return new TestPromptVersionCommand(acme(), promptId, version, Catalog.TEXT, "req_1", Optional.of("idem-9"));
    }
}

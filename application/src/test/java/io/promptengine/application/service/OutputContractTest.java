package io.promptengine.application.service;

import static io.promptengine.application.service.App.acme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.OutputValidationException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.schema.SchemaContract;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Answers held to an output schema: asked for as JSON, checked, asked for once more, then refused. */
class OutputContractTest {

    private static final String VALID = "{\"summary\":\"Prompt Engine runs prompts\"}";
    private static final String INVALID = "{\"sumary\":\"typo\"}";
    private static final Violation MISSING = new Violation("summary", "Field 'summary' is required");

    private final App app = new App();
    private final Catalog catalog = new Catalog(app, Optional.of(Catalog.SUMMARY), Optional.empty());

    @Test
    void givenValidAnswer_call_asksForJsonAndCompletesWithTheDocument() {
        answers(VALID);

        Execution completed = call();

        assertThat(app.provider.requests()).hasSize(1);
        assertThat(app.provider.requests().get(0).outputSchema()).contains(Catalog.SUMMARY);
        assertThat(completed.request().outputSchema()).contains(Catalog.SUMMARY);
        assertThat(completed.output().orElseThrow().json()).contains(VALID);
        assertThat(completed.usage()).isEqualTo(new Usage(10, 5));
    }

    @Test
    void givenInvalidThenValidAnswer_call_asksOnceMoreWithTheViolationsAndCompletes() {
        answers(INVALID, VALID);
        app.schemas.reject(INVALID, MISSING);

        Execution completed = call();

        List<ModelRequest> sent = app.provider.requests();
        assertThat(sent).hasSize(2);
        List<Message> reasked = sent.get(1).messages();
        assertThat(reasked.subList(0, 2)).isEqualTo(sent.get(0).messages());
        assertThat(reasked.get(2)).isEqualTo(Message.assistant(INVALID));
        assertThat(reasked.get(3)).isEqualTo(Message.user("Your answer does not match the required JSON Schema:\n"
                + "- Field 'summary' is required\nAnswer again with only the corrected JSON document."));
        assertThat(sent.get(1).outputSchema()).contains(Catalog.SUMMARY);
        assertThat(sent.get(1).deadline()).isEqualTo(sent.get(0).deadline());
        assertThat(completed.output().orElseThrow().json()).contains(VALID);
        assertThat(completed.usage()).isEqualTo(new Usage(20, 10));
    }

    @Test
    void givenTwoInvalidAnswers_call_failsWithOutputValidationFailedAndBothCallsTokens() {
        answers(INVALID, "not json at all");
        app.schemas.reject(INVALID, MISSING);
        app.schemas.reject("not json at all", new Violation("", "The document is not valid JSON"),
                new Violation("", "second"));

        assertThatThrownBy(this::call).isInstanceOf(ExecutionFailedException.class)
                .hasCauseInstanceOf(OutputValidationException.class)
                .hasMessage("The model's answer did not match the output schema, also when asked again: "
                        + "The document is not valid JSON (and 1 more)");
        Execution recorded = app.executions.all().get(0);
        assertThat(recorded.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(recorded.error().orElseThrow().code()).isEqualTo("output_validation_failed");
        assertThat(recorded.usage()).isEqualTo(new Usage(20, 10));
        assertThat(app.monthlyTokens.total(App.ACME, YearMonth.of(2025, 1))).isEqualTo(30);
    }

    @Test
    void givenAnswerFencedAsMarkdown_call_checksAndKeepsTheDocumentInside() {
        String fenced = "```json\n" + VALID + "\n```";
        answers(fenced);

        Execution completed = call();

        assertThat(app.schemas.validated()).contains(VALID);
        assertThat(completed.output().orElseThrow().text()).isEqualTo(fenced);
        assertThat(completed.output().orElseThrow().json()).contains(VALID);
    }

    @Test
    void givenReaskMissingTheDeadline_call_isTimedOutKeepingTheFirstCallsTokens() {
        Deque<String> answers = new ArrayDeque<>(List.of(INVALID));
        app.schemas.reject(INVALID, MISSING);
        app.provider.answerWith(request -> {
            if (answers.isEmpty()) {
                throw new DeadlineExceededException("No answer in time");
            }
            return new ModelResponse(answers.pop(), new Usage(10, 5), FinishReason.STOP);
        });

        assertThatThrownBy(this::call).isInstanceOf(ExecutionFailedException.class)
                .hasCauseInstanceOf(DeadlineExceededException.class);
        Execution recorded = app.executions.all().get(0);
        assertThat(recorded.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(recorded.usage()).isEqualTo(new Usage(10, 5));
    }

    @Test
    void givenVersionSchemaAndEndpointSchema_call_holdsTheAnswerToTheEndpoints() {
        App other = new App();
        SchemaContract versionSchema = new SchemaContract("{\"type\":\"object\"}");
        new Catalog(other, Optional.of(Catalog.SUMMARY), Optional.of(versionSchema));
        other.provider.answer(VALID, new Usage(1, 1));

        Execution completed = other.callEndpoint.call(command()).execution();

        assertThat(completed.request().outputSchema()).contains(Catalog.SUMMARY);
    }

    @Test
    void givenOnlyTheVersionHasASchema_call_holdsTheAnswerToIt() {
        App other = new App();
        new Catalog(other, Optional.empty(), Optional.of(Catalog.SUMMARY));
        other.provider.answer(VALID, new Usage(1, 1));

        Execution completed = other.callEndpoint.call(command()).execution();

        assertThat(other.provider.requests().get(0).outputSchema()).contains(Catalog.SUMMARY);
        assertThat(completed.output().orElseThrow().json()).contains(VALID);
    }

    @Test
    void givenFences_document_isWhatTheyHold() {
        assertThat(ExecutionRunner.document("```json\n{\"a\":1}\n```")).isEqualTo("{\"a\":1}");
        assertThat(ExecutionRunner.document("  ```\n[1]\n```  ")).isEqualTo("[1]");
        assertThat(ExecutionRunner.document(" {\"a\":1} ")).isEqualTo("{\"a\":1}");
        assertThat(ExecutionRunner.document("```{\"a\":1}```")).isEqualTo("```{\"a\":1}```");
        assertThat(ExecutionRunner.document("```")).isEqualTo("```");
    }

    private Execution call() {
        return app.callEndpoint.call(command()).execution();
    }

    private static CallEndpointCommand command() {
        return new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(), Catalog.TEXT,
                "req_1", false, Optional.empty());
    }

    /** The model answers these texts in turn, each with 10 input and 5 output tokens. */
    private void answers(String... texts) {
        Deque<String> queue = new ArrayDeque<>(List.of(texts));
        app.provider.answerWith(request -> new ModelResponse(queue.size() > 1 ? queue.pop() : queue.peek(),
                new Usage(10, 5), FinishReason.STOP));
    }
}

package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.OutputValidationException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.ratelimit.LimitExceededException;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process facade against a real engine on a memory H2 database: the guarantees of the HTTP API (admission,
 * cache, idempotency, tenancy, the execution record, the exceptions) hold for calls made as Java methods.
 */
class EngineClientTest {

    private static final String INPUT_SCHEMA = """
            {"type": "object", "required": ["text"], "additionalProperties": false,
             "properties": {"text": {"type": "string"}, "tags": {"type": "array"}}}""";
    private static final String OUTPUT_SCHEMA = """
            {"type": "object", "required": ["summary", "words"],
             "properties": {"summary": {"type": "string"}, "words": {"type": "integer"}}}""";

    private static final CountingModelProvider COUNTED = new CountingModelProvider();
    private static final StubModelProvider STUB = new StubModelProvider();
    private static PromptEngine engine;
    private static EngineClient acme;
    private static EngineClient globex;

    @BeforeAll
    static void start() {
        engine = PromptEngine.builder().database("jdbc:h2:mem:facade-" + System.nanoTime(), "", "").withoutHttp()
                .demoKey(RunningApp.DEMO_KEY).operatorKey(RunningApp.ADMIN_KEY).provider(COUNTED).provider(STUB)
                .start();
        var administration = engine.useCases().administration();
        administration.plans().create(Operator.NO_REQUEST,
                new CreatePlanCommand("tight", RateLimitPolicy.requestsPerMinute(2)));
        administration.tenants().create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "pro"));
        administration.tenants().create(Operator.NO_REQUEST, new CreateTenantCommand("globex", "Globex", "pro"));
        administration.tenants().create(Operator.NO_REQUEST, new CreateTenantCommand("tight", "Tight", "tight"));
        acme = engine.tenant("acme");
        globex = engine.tenant("globex");
    }

    @AfterAll
    static void stop() {
        STUB.answerEverything();
        engine.close();
    }

    @Test
    void givenNamedTenant_execute_runsNowAndRecordsTheExecution() {
        Answer answer = acme.execute(PromptRequest.of(CountingModelProvider.ECHO, "Say hello in process"));

        assertThat(answer.output()).isEqualTo("Say hello in process");
        assertThat(answer.usage().totalTokens()).isPositive();
        assertThat(answer.cache()).contains(CacheStatus.MISS);
        assertThat(answer.replayed()).isFalse();
        Execution recorded = acme.execution(answer.executionId());
        assertThat(recorded.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(recorded.request().apiKeyId().value()).isEqualTo(EngineClient.HOST_KEY);
        assertThat(recorded.request().tenantId().value()).isEqualTo(acme.tenantId());
    }

    @Test
    void givenObserver_stream_hearsTheRunningExecutionThenTheTextAndReturnsTheRecordedAnswer() {
        List<String> heard = new java.util.ArrayList<>();
        StreamObserver observer = new StreamObserver() {
            @Override
            public void started(Execution running) {
                heard.add("started " + running.status().wireName());
            }

            @Override
            public void delta(String text) {
                heard.add(text);
            }
        };

        Answer answer = acme.stream(PromptRequest.of(CountingModelProvider.ECHO, "Say hello as a stream"), observer);

        assertThat(heard).first().isEqualTo("started running");
        assertThat(String.join("", heard.subList(1, heard.size()))).isEqualTo("Say hello as a stream");
        assertThat(answer.cache()).isEmpty();
        assertThat(acme.execution(answer.executionId()).status()).isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void givenAsyncRequest_submit_queuesAndAWorkerCompletesIt() {
        Execution queued = acme.submit(PromptRequest.of(CountingModelProvider.ECHO, "Say hello later"));

        assertThat(queued.status()).isEqualTo(ExecutionStatus.QUEUED);
        Execution done = Eventually.await("the queued execution to complete",
                () -> acme.execution(queued.id().value()), e -> e.status() == ExecutionStatus.COMPLETED);
        assertThat(done.output().orElseThrow().text()).isEqualTo("Say hello later");
    }

    @Test
    void givenSameRequestTwice_execute_answersTheSecondFromTheCache() {
        PromptRequest request = PromptRequest.of(CountingModelProvider.ECHO, "Cache me in process");

        Answer first = acme.execute(request);
        Answer second = acme.execute(request);

        assertThat(second.cache()).contains(CacheStatus.HIT);
        assertThat(second.executionId()).isNotEqualTo(first.executionId());
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(COUNTED.callsWith("Cache me in process")).isEqualTo(1);
    }

    @Test
    void givenIdempotencyKey_executeAgain_replaysTheFirstExecutionWithoutAModelCall() {
        // the cache is bypassed, so only the key can keep the second call from reaching the model
        PromptRequest request = PromptRequest.of(CountingModelProvider.ECHO, "Run me once").bypassingCache()
                .withIdempotencyKey("order-42");

        Answer first = acme.execute(request);
        Answer again = acme.execute(request);

        assertThat(again.replayed()).isTrue();
        assertThat(again.executionId()).isEqualTo(first.executionId());
        assertThat(again.output()).isEqualTo("Run me once");
        assertThat(again.cache()).isEqualTo(first.cache());
        assertThat(COUNTED.callsWith("Run me once")).isEqualTo(1);
        assertThatThrownBy(() -> acme.execute(PromptRequest.of(CountingModelProvider.ECHO, "Something else")
                .withIdempotencyKey("order-42"))).isInstanceOf(IdempotencyMismatchException.class);
        // the same key is another tenant's own
        assertThat(globex.execute(request).replayed()).isFalse();
    }

    @Test
    void givenIdempotencyKeyOfASubmit_submitAgain_answersWithTheSameExecution() {
        PromptRequest request = PromptRequest.of(CountingModelProvider.ECHO, "Queue me once")
                .withIdempotencyKey("queue-7");

        Execution first = acme.submit(request);
        Execution again = acme.submit(request);

        assertThat(again.id()).isEqualTo(first.id());
        // a key of an async request is a different request from the sync one
        assertThatThrownBy(() -> acme.execute(request)).isInstanceOf(IdempotencyMismatchException.class);
    }

    @Test
    void givenInvalidKey_execute_isRefusedNamingIt() {
        assertThatThrownBy(() -> acme.execute(PromptRequest.of(CountingModelProvider.ECHO, "x")
                .withIdempotencyKey("has space")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("idempotencyKey"));
    }

    @Test
    void givenTightPlan_thirdExecuteInAMinute_isRefusedByTheLimit() {
        EngineClient tight = engine.tenant("tight");
        tight.execute(PromptRequest.of(CountingModelProvider.ECHO, "one"));
        tight.execute(PromptRequest.of(CountingModelProvider.ECHO, "two"));

        LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
                () -> tight.execute(PromptRequest.of(CountingModelProvider.ECHO, "three")));

        assertThat(refused.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(COUNTED.callsWith("three")).isZero();
    }

    @Test
    void givenOtherTenantsExecution_get_isNotFound() {
        Answer ours = acme.execute(PromptRequest.of(CountingModelProvider.ECHO, "Acme's secret"));

        assertThatThrownBy(() -> globex.execution(ours.executionId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> globex.cancel(ours.executionId())).isInstanceOf(NotFoundException.class);
        assertThat(globex.executions().items()).noneMatch(e -> e.id().value().equals(ours.executionId()));
    }

    @Test
    void givenUnknownTenantOrBadKey_theEngine_refusesAClient() {
        assertThatThrownBy(() -> engine.tenant("initech")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.authenticate("pe_not_a_key")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void givenApiKey_authenticate_actsForItsTenant() {
        EngineClient demo = engine.authenticate(RunningApp.DEMO_KEY);

        Answer answer = demo.execute(PromptRequest.of("echo", "Through the demo key"));

        assertThat(demo.execution(answer.executionId()).request().apiKeyId().value())
                .isNotEqualTo(EngineClient.HOST_KEY);
        assertThatThrownBy(() -> acme.execution(answer.executionId())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenRunningExecution_listAndCancel_findAndStopIt() {
        Execution queued = acme.submit(PromptRequest.of(StubModelProvider.MODEL, "Hold me in process"));
        STUB.awaitCall("Hold me in process");

        assertThat(acme.executions().items()).extracting(Execution::id).contains(queued.id());
        Execution cancelled = acme.cancel(queued.id().value());

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(acme.execution(queued.id().value()).status()).isEqualTo(ExecutionStatus.CANCELLED);
    }

    @Test
    void givenEndpointManagedInProcess_call_answersWithTypedOutputAndFollowsPublishedVersions() {
        Endpoint endpoint = acme.endpoints().create(new NewEndpoint(new EndpointPath("/api/v1/summaries"),
                "Summaries", new SchemaContract(INPUT_SCHEMA), Optional.of(new SchemaContract(OUTPUT_SCHEMA)),
                Endpoint.DEFAULT_TIMEOUT, Duration.ofMinutes(5)));
        Prompt prompt = acme.prompts().create(new NewPrompt(Optional.of(endpoint.id().value()), "default",
                "Summary", "Summarizes", List.of(), "host"));
        acme.prompts().createDraft(draft(prompt, "Summarize: {{text}}", CountingModelProvider.ECHO));
        acme.prompts().publish(prompt.id().value(), 1);

        Answer answer = acme.call(EndpointCall.of("/api/v1/summaries", Map.of("text", "A long report")));

        assertThat(answer.output()).isInstanceOfSatisfying(Map.class, output -> {
            assertThat(output.get("summary")).isInstanceOf(String.class);
            assertThat(output.get("words")).isInstanceOf(Integer.class);
        });
        assertThat(answer.cache()).contains(CacheStatus.MISS);
        assertThat(acme.call(EndpointCall.of("/api/v1/summaries", Map.of("text", "A long report"))).cache())
                .contains(CacheStatus.HIT);
        assertThat(COUNTED.callsWith("Summarize: A long report")).isEqualTo(1);

        acme.prompts().update(new PromptChanges(prompt.id().value(), Optional.empty(), Optional.of("Brief"),
                Optional.empty(), Optional.empty(), Optional.empty()));
        acme.prompts().createDraft(draft(prompt, "Briefly: {{text}}", CountingModelProvider.ECHO));
        acme.prompts().publish(prompt.id().value(), 2);
        acme.call(EndpointCall.of("/api/v1/summaries", Map.of("text", "Another report")));

        assertThat(COUNTED.callsWith("Briefly: Another report")).isEqualTo(1);
        assertThat(acme.prompts().versions(prompt.id().value())).hasSize(2);
        assertThat(acme.endpoints().list()).extracting(Endpoint::id).contains(endpoint.id());
        assertThatThrownBy(() -> globex.call(EndpointCall.of("/api/v1/summaries", Map.of("text", "x"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenInputThatBreaksTheSchemaOrIsNotPlain_call_isRefusedBeforeAnyModelCall() {
        Endpoint endpoint = acme.endpoints().create(new NewEndpoint(new EndpointPath("/api/v1/checked"),
                "Checked", new SchemaContract(INPUT_SCHEMA), Optional.empty(), Endpoint.DEFAULT_TIMEOUT,
                Duration.ZERO));
        Prompt prompt = acme.prompts().create(new NewPrompt(Optional.of(endpoint.id().value()), "default",
                "Checked", "Checks", List.of(), "host"));
        acme.prompts().createDraft(draft(prompt, "Check: {{text}}", CountingModelProvider.ECHO));
        acme.prompts().publish(prompt.id().value(), 1);

        assertThatThrownBy(() -> acme.call(EndpointCall.of("/api/v1/checked", Map.of("text", 42))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> acme.call(EndpointCall.of("/api/v1/checked",
                Map.of("text", "fine", "tags", List.of("ok", Instant.EPOCH)))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("tags[1]");
                    assertThat(e.getMessage()).contains("java.time.Instant");
                });
        assertThatThrownBy(() -> acme.call(EndpointCall.of("/api/v1/checked", List.of("not", "a", "map"))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(COUNTED.callsWith("Check: 42")).isZero();
        assertThat(acme.call(EndpointCall.of("/api/v1/checked", Map.of("text", "fine"))).output())
                .isEqualTo("Check: fine");
    }

    @Test
    void givenCallThatFailsAfterItsExecutionIsStored_call_throwsTheFailureNamingTheExecutionAndReplaysIt() {
        Endpoint endpoint = acme.endpoints().create(new NewEndpoint(new EndpointPath("/api/v1/broken"),
                "Broken", new SchemaContract(INPUT_SCHEMA), Optional.of(new SchemaContract(OUTPUT_SCHEMA)),
                Endpoint.DEFAULT_TIMEOUT, Duration.ZERO));
        Prompt prompt = acme.prompts().create(new NewPrompt(Optional.of(endpoint.id().value()), "default",
                "Broken", "Answers badly", List.of(), "host"));
        acme.prompts().createDraft(draft(prompt, "Break: {{text}}", CountingModelProvider.NAME + "/echo-invalid"));
        acme.prompts().publish(prompt.id().value(), 1);
        EndpointCall call = EndpointCall.of("/api/v1/broken", Map.of("text", "now")).withIdempotencyKey("broken-1");

        ExecutionFailedException failed = catchThrowableOfType(ExecutionFailedException.class,
                () -> acme.call(call));
        int calls = COUNTED.callsWith("Break: now");
        ExecutionFailedException replayed = catchThrowableOfType(ExecutionFailedException.class,
                () -> acme.call(call));

        assertThat(failed.kind()).isEqualTo(ErrorKind.OUTPUT_VALIDATION_FAILED);
        assertThat(failed.failure()).isInstanceOf(OutputValidationException.class);
        assertThat(acme.execution(failed.executionId()).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(replayed.executionId()).isEqualTo(failed.executionId());
        assertThat(replayed.failure()).isInstanceOf(OutputValidationException.class);
        assertThat(COUNTED.callsWith("Break: now")).isEqualTo(calls).isPositive();
    }

    private static NewDraft draft(Prompt prompt, String user, String model) {
        return new NewDraft(prompt.id().value(), new MessageTemplate(Optional.empty(), user), model,
                Optional.empty(), ModelParameters.DEFAULTS, Optional.empty(), List.of());
    }
}

package io.promptengine.application.service;

import static io.promptengine.application.service.App.acme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.PromptVersion;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResponseCachingTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final App app = new App(TTL);
    private final Catalog catalog = new Catalog(app);

    @Test
    void givenSameRequestTwice_secondIsAHitRecordedWithoutModelCallTokensOrCost() {
        app.provider.answer("Hello!", new Usage(8, 2));

        ExecutionResult first = app.executePrompt.execute(execute("Say hello", false));
        ExecutionResult second = app.executePrompt.execute(execute("Say hello", false));

        assertThat(first.cache()).contains(CacheStatus.MISS);
        assertThat(second.cache()).contains(CacheStatus.HIT);
        assertThat(app.provider.calls()).isEqualTo(1);
        Execution hit = second.execution();
        assertThat(hit.id()).isNotEqualTo(first.execution().id());
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(hit.output()).isEqualTo(first.execution().output());
        assertThat(hit.usage()).isEqualTo(Usage.NONE);
        assertThat(hit.cost()).contains(BigDecimal.ZERO);
        assertThat(app.executions.find(hit.id())).contains(hit);
    }

    @Test
    void givenCachedAnswer_bypass_callsTheModelAndRefreshesTheEntry() {
        app.provider.answer("old", Usage.NONE);
        app.executePrompt.execute(execute("Say hello", false));
        app.provider.answer("new", Usage.NONE);

        ExecutionResult bypassed = app.executePrompt.execute(execute("Say hello", true));
        ExecutionResult after = app.executePrompt.execute(execute("Say hello", false));

        assertThat(bypassed.cache()).contains(CacheStatus.BYPASS);
        assertThat(bypassed.execution().cacheHit()).isFalse();
        assertThat(app.provider.calls()).isEqualTo(2);
        assertThat(after.cache()).contains(CacheStatus.HIT);
        assertThat(after.execution().output().orElseThrow().text()).isEqualTo("new");
    }

    @Test
    void givenDifferentInputOrParameters_areDifferentEntries() {
        app.executePrompt.execute(execute("Say hello", false));

        assertThat(app.executePrompt.execute(execute("Say hello!", false)).cache()).contains(CacheStatus.MISS);
        ExecutePromptCommand hotter = new ExecutePromptCommand(acme(), "echo", "Say hello",
                new ModelParameters(OptionalDouble.of(0.9), OptionalInt.empty()), "req_2", Optional.empty());
        assertThat(app.executePrompt.execute(hotter).cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(3);
    }

    @Test
    void givenTtlPassed_sameRequest_missesAgain() {
        app.executePrompt.execute(execute("Say hello", false));
        app.clock.advance(TTL);

        assertThat(app.executePrompt.execute(execute("Say hello", false)).cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenFailedCall_nothingIsCached() {
        app.provider.failWith(new UpstreamException("provider down"));
        assertThatThrownBy(() -> app.executePrompt.execute(execute("Say hello", false)))
                .isInstanceOf(ExecutionFailedException.class).hasCauseInstanceOf(UpstreamException.class);
        app.provider.answer("fine now", Usage.NONE);

        assertThat(app.executePrompt.execute(execute("Say hello", false)).cache()).contains(CacheStatus.MISS);
        assertThat(app.cache.puts()).isEqualTo(1);
    }

    @Test
    void givenTruncatedAnswer_itIsNotCached() {
        app.provider.answerWith(request -> new ModelResponse("cut sho", Usage.NONE, FinishReason.LENGTH));

        app.executePrompt.execute(execute("Say hello", false));
        ExecutionResult second = app.executePrompt.execute(execute("Say hello", false));

        assertThat(second.cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(2);
        assertThat(app.cache.puts()).isZero();
    }

    @Test
    void givenCacheOff_execute_reportsNoCacheStatusAndAlwaysCalls() {
        App uncached = new App();
        ExecutionResult first = uncached.executePrompt.execute(execute("Say hello", false));
        uncached.executePrompt.execute(execute("Say hello", false));

        assertThat(first.cache()).isEmpty();
        assertThat(uncached.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenEndpointWithTtl_sameInputTwice_secondIsAHitOfTheLiveVersion() {
        cacheEndpointFor(TTL);

        ExecutionResult first = app.callEndpoint.call(call(Catalog.TEXT, false));
        ExecutionResult second = app.callEndpoint.call(call(Catalog.TEXT, false));

        assertThat(first.cache()).contains(CacheStatus.MISS);
        assertThat(second.cache()).contains(CacheStatus.HIT);
        assertThat(second.execution().request().promptVersionId()).contains(catalog.summaryLive.id().value());
        assertThat(app.provider.calls()).isEqualTo(1);
    }

    @Test
    void givenEndpointWithoutTtl_call_isNotCacheable() {
        ExecutionResult first = app.callEndpoint.call(call(Catalog.TEXT, false));
        app.callEndpoint.call(call(Catalog.TEXT, false));

        assertThat(first.cache()).isEmpty();
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenCachedAnswer_publishingANewVersion_neverServesTheOldVersionsAnswer() {
        cacheEndpointFor(TTL);
        app.callEndpoint.call(call(Catalog.TEXT, false));
        PromptVersion draft = app.prompts.insertDraft(catalog.version(catalog.summary,
                new MessageTemplate(Optional.empty(), "Shorter: {{text}}"), Optional.empty()));
        app.prompts.publish(catalog.summary.id(), draft.id(), app.clock.now());

        ExecutionResult afterPublish = app.callEndpoint.call(call(Catalog.TEXT, false));

        assertThat(afterPublish.cache()).contains(CacheStatus.MISS);
        assertThat(afterPublish.execution().output().orElseThrow().text()).startsWith("Shorter: ");
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    private void cacheEndpointFor(Duration ttl) {
        Endpoint e = catalog.endpoint;
        app.endpoints.update(new Endpoint(e.id(), e.tenantId(), e.path(), e.description(), e.inputSchema(),
                e.outputSchema(), e.defaultPrompt(), e.timeout(), ttl, e.createdAt(), e.updatedAt()));
    }

    private static ExecutePromptCommand execute(String input, boolean bypass) {
        return new ExecutePromptCommand(acme(), "echo", input, ModelParameters.DEFAULTS, "req_1", Optional.empty(),
                bypass);
    }

    private static CallEndpointCommand call(String input, boolean bypass) {
        return new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(), input, "req_1",
                bypass, Optional.empty());
    }
}

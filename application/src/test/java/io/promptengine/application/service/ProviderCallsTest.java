package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.WordCountingTokenEstimator;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.execution.Execution;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.ModelCalls;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProviderCallsTest {

    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ModelResponse ANSWER = new ModelResponse("hi", new Usage(1000, 500), FinishReason.STOP);

    private final FakeClock clock = new FakeClock();
    private final List<Duration> waits = new ArrayList<>();
    private final FakeModelProvider primary = new FakeModelProvider("openai");
    private final FakeModelProvider second = new FakeModelProvider("anthropic").answer("hi there", new Usage(2000, 100));
    private double random = 0.999;
    private PriceList prices = (provider, model) -> provider.equals("openai")
            ? Optional.of(new PriceList.Price(new BigDecimal("2.50"), new BigDecimal("10.00")))
            : Optional.of(new PriceList.Price(new BigDecimal("3"), new BigDecimal("15")));

    @Test
    void givenRateLimitWithRetryAfter_complete_waitsAtLeastThatLongAndRetries() {
        sequence(primary, () -> { throw rateLimited(Duration.ofSeconds(7)); }, () -> ANSWER);
        random = 0.0;

        ProviderCalls calls = calls(4, List.of());
        ModelResponse answer = calls.complete(request());

        assertThat(answer).isEqualTo(ANSWER);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        ModelCalls record = calls.record();
        assertThat(record.count()).isEqualTo(2);
        assertThat(record.lastError().orElseThrow().message()).contains("429");
        assertThat(record.fallbackModel()).isEmpty();
    }

    @Test
    void givenTransientFailures_complete_backsOffWithFullJitterUpToTheCap() {
        primary.failWith(serverError());
        random = 0.5;

        ProviderCalls calls = calls(7, List.of());
        assertThatThrownBy(() -> calls.complete(request())).isInstanceOf(UpstreamException.class);

        // half of min(8 s, 0.5 s · 2^(n−1)) for n = 1..6
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(primary.calls()).isEqualTo(7);
        assertThat(calls.record().count()).isEqualTo(7);
    }

    @Test
    void givenJitterDrawsZero_complete_retriesAtOnce() {
        sequence(primary, () -> { throw serverError(); }, () -> ANSWER);
        random = 0.0;

        calls(3, List.of()).complete(request());

        assertThat(waits).containsExactly(Duration.ZERO);
    }

    @Test
    void givenRejectedKey_complete_doesNotRetry() {
        primary.failWith(new UpstreamException("The configured OpenAI credentials were rejected (HTTP 401)"));

        ProviderCalls calls = calls(5, List.of());

        assertThatThrownBy(() -> calls.complete(request())).hasMessageContaining("credentials were rejected");
        assertThat(primary.calls()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(calls.record().lastError().orElseThrow().code()).isEqualTo("upstream_error");
    }

    @Test
    void givenPromptTooLong_complete_neitherRetriesNorFallsBack() {
        primary.failWith(new InvalidInputException("messages", "The prompt is longer than the context window"));

        ProviderCalls calls = calls(5, List.of(fallback("claude-3-5-haiku")));

        assertThatThrownBy(() -> calls.complete(request())).isInstanceOf(InvalidInputException.class);
        assertThat(second.calls()).isZero();
    }

    @Test
    void givenPrimaryRetriesSpent_complete_answersWithTheFirstFallback() {
        primary.failWith(serverError());
        second.answer("from the fallback", new Usage(2000, 100));

        ProviderCalls calls = calls(3, List.of(fallback("claude-3-5-haiku")));
        ModelResponse answer = calls.complete(request());

        assertThat(answer.text()).isEqualTo("from the fallback");
        assertThat(second.requests().get(0).model()).isEqualTo("claude-3-5-haiku");
        ModelCalls record = calls.record();
        assertThat(record.count()).isEqualTo(4);
        assertThat(record.fallbackModel()).contains("claude-3-5-haiku");
        assertThat(record.lastError().orElseThrow().message()).contains("HTTP 500");
        assertThat(calls.cost()).contains(new BigDecimal("0.007500"));
    }

    @Test
    void givenAnswerFromAFallback_aLaterCall_goesToThatFallback() {
        primary.failWith(new UpstreamException("OpenAI answered HTTP 404: no such model"));
        ProviderCalls calls = calls(3, List.of(fallback("claude-3-5-haiku")));
        calls.complete(request());

        calls.complete(request());

        assertThat(primary.calls()).isEqualTo(1);
        assertThat(second.calls()).isEqualTo(2);
    }

    @Test
    void givenOpenCircuit_complete_movesOnWithoutCountingACall() {
        primary.failWith(new CircuitOpenException("openai", Instant.parse("2025-01-01T00:00:30Z")));

        ProviderCalls calls = calls(3, List.of(fallback("claude-3-5-haiku")));
        calls.complete(request());

        assertThat(primary.calls()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(calls.record().count()).isEqualTo(1);
        assertThat(calls.record().lastError().orElseThrow().code()).isEqualTo("unavailable");
    }

    @Test
    void givenOpenCircuitAndNoFallback_complete_failsFastAsUnavailable() {
        primary.failWith(new CircuitOpenException("openai", Instant.parse("2025-01-01T00:00:30Z")));

        assertThatThrownBy(() -> calls(3, List.of()).complete(request()))
                .isInstanceOf(CircuitOpenException.class).hasMessageContaining("2025-01-01T00:00:30Z");
    }

    @Test
    void givenRetryAfterBeyondTheDeadline_complete_stopsWithoutSleeping() {
        primary.failWith(rateLimited(Duration.ofSeconds(120)));

        ProviderCalls calls = calls(5, List.of());

        assertThatThrownBy(() -> calls.complete(request())).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("would pass the execution's deadline");
        assertThat(waits).isEmpty();
        assertThat(primary.calls()).isEqualTo(1);
        assertThat(calls.record().lastError().orElseThrow().message()).contains("deadline");
    }

    @Test
    void givenUnroutableFallback_complete_skipsItAndTriesTheNext() {
        primary.failWith(serverError());
        ProviderCalls calls = new ProviderCalls(routed(primary, "gpt-4o"), List.of(
                new ProviderCalls.Fallback("nowhere/x", new ModelRouter.Unroutable("No provider named 'nowhere'")),
                fallback("claude-3-5-haiku")), policy(1), clock);

        assertThat(calls.complete(request()).text()).isEqualTo("hi there");
        assertThat(calls.record().fallbackModel()).contains("claude-3-5-haiku");
    }

    @Test
    void givenEveryModelFails_complete_throwsTheLastFailure() {
        primary.failWith(serverError());
        second.failWith(new UpstreamException("Anthropic answered HTTP 529 overloaded_error"));

        ProviderCalls calls = calls(1, List.of(fallback("claude-3-5-haiku")));

        assertThatThrownBy(() -> calls.complete(request())).hasMessageContaining("529");
        assertThat(calls.record().fallbackModel()).isEmpty();
        assertThat(calls.record().count()).isEqualTo(2);
    }

    @Test
    void givenAnswers_cost_addsTheirPricesExactly() {
        primary.answerWith(request -> ANSWER);
        ProviderCalls calls = calls(1, List.of());

        calls.complete(request());
        calls.complete(request());

        // 2 × (1000 × 2.50 + 500 × 10.00) / 1,000,000
        assertThat(calls.cost()).contains(new BigDecimal("0.01500000"));
        assertThat(calls.used()).isEqualTo(new Usage(2000, 1000));
    }

    @Test
    void givenAnswersWithCacheAndReasoningTokens_cost_usesTheirRatesAndUsedKeepsThem() {
        primary.answerWith(request -> new ModelResponse("hi", new Usage(1000, 500, 800, 0, 200), FinishReason.STOP));
        prices = (provider, model) -> Optional.of(new PriceList.Price(new BigDecimal("2.50"),
                new BigDecimal("10.00"), new BigDecimal("1.25"), new BigDecimal("2.50"), new BigDecimal("10.00")));
        ProviderCalls calls = calls(1, List.of());

        calls.complete(request());
        calls.complete(request());

        // 2 × (200 × 2.50 + 800 × 1.25 + 500 × 10.00) / 1,000,000
        assertThat(calls.cost().orElseThrow()).isEqualByComparingTo("0.013");
        assertThat(calls.used()).isEqualTo(new Usage(2000, 1000, 1600, 0, 400));
    }

    @Test
    void givenModelWithoutPrice_cost_isUnknown() {
        primary.answerWith(request -> ANSWER);
        prices = (provider, model) -> Optional.empty();
        ProviderCalls calls = calls(1, List.of());

        calls.complete(request());

        assertThat(calls.cost()).isEmpty();
    }

    @Test
    void givenInterruptWhileWaiting_complete_failsAndKeepsTheInterrupt() {
        primary.failWith(serverError());
        ModelCallPolicy interrupting = new ModelCallPolicy(3, BASE, CAP, duration -> {
            throw new InterruptedException();
        }, () -> random, prices);
        ProviderCalls calls = new ProviderCalls(routed(primary, "gpt-4o"), List.of(), interrupting, clock);

        try {
            assertThatThrownBy(() -> calls.complete(request())).hasMessageContaining("Interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void givenStreamFailingBeforeItsFirstText_stream_isRetriedAndOnlyTheAnswerReachesTheObserver() {
        AtomicInteger attempt = new AtomicInteger();
        primary.streamWith((request, listener) -> {
            if (attempt.incrementAndGet() == 1) {
                throw serverError();
            }
            listener.text("hi");
            return ANSWER;
        });
        List<String> heard = new ArrayList<>();

        ProviderCalls calls = streamed(4, List.of(), heard);
        assertThat(calls.complete(request())).isEqualTo(ANSWER);

        assertThat(heard).containsExactly("hi");
        assertThat(calls.record().count()).isEqualTo(2);
        assertThat(calls.used()).isEqualTo(ANSWER.usage());
    }

    @Test
    void givenStreamFailingAfterItsFirstText_stream_isNeitherRetriedNorFallsBackAndPricesTheTokensSoFar() {
        primary.streamWith((request, listener) -> {
            listener.text("Hel");
            throw serverError();
        });
        second.streamWords("never heard", new Usage(1, 1), true);

        ProviderCalls calls = streamed(4, List.of(fallback("claude-sonnet-4")), new ArrayList<>());
        assertThatThrownBy(() -> calls.complete(request())).isInstanceOf(UpstreamException.class);

        assertThat(primary.calls()).isEqualTo(1);
        assertThat(second.calls()).isZero();
        assertThat(waits).isEmpty();
        // no usage was reported: "Say hi" is 2 words in, "Hel" 1 word out
        assertThat(calls.used()).isEqualTo(new Usage(2, 1));
        assertThat(calls.cost().orElseThrow()).isEqualByComparingTo("0.000015");
    }

    @Test
    void givenStreamFailingBeforeItsFirstText_stream_fallsBack() {
        primary.streamWith((request, listener) -> {
            throw serverError();
        });
        second.streamWords("from the fallback", new Usage(3, 3), true);
        List<String> heard = new ArrayList<>();

        ProviderCalls calls = streamed(1, List.of(fallback("claude-sonnet-4")), heard);
        assertThat(calls.complete(request()).text()).isEqualTo("from the fallback");

        assertThat(String.join("", heard)).isEqualTo("from the fallback");
        assertThat(calls.record().fallbackModel()).contains("claude-sonnet-4");
    }

    private ProviderCalls streamed(int maxAttempts, List<ProviderCalls.Fallback> fallbacks, List<String> heard) {
        StreamTap tap = new StreamTap(new StreamObserver() {
            @Override
            public void started(Execution running) {
            }

            @Override
            public void delta(String text) {
                heard.add(text);
            }
        }, new WordCountingTokenEstimator());
        return new ProviderCalls(routed(primary, "gpt-4o"), fallbacks, policy(maxAttempts), clock, Optional.of(tap));
    }

    private ProviderCalls calls(int maxAttempts, List<ProviderCalls.Fallback> fallbacks) {
        return new ProviderCalls(routed(primary, "gpt-4o"), fallbacks, policy(maxAttempts), clock);
    }

    private ModelCallPolicy policy(int maxAttempts) {
        return new ModelCallPolicy(maxAttempts, BASE, CAP, duration -> {
            waits.add(duration);
            clock.advance(duration);
        }, () -> random, (provider, model) -> prices.price(provider, model));
    }

    private ProviderCalls.Fallback fallback(String model) {
        return new ProviderCalls.Fallback(model, routed(second, model));
    }

    private static ModelRouter.Routed routed(FakeModelProvider provider, String model) {
        return new ModelRouter.Routed(provider, model);
    }

    private ModelRequest request() {
        return new ModelRequest("gpt-4o", List.of(Message.user("Say hi")), ModelParameters.DEFAULTS,
                clock.now().plus(TIMEOUT));
    }

    private static UpstreamException rateLimited(Duration retryAfter) {
        return UpstreamException.transientFailure("OpenAI answered HTTP 429: Rate limit reached",
                Optional.of(retryAfter), null);
    }

    private static UpstreamException serverError() {
        return UpstreamException.transientFailure("OpenAI answered HTTP 500: The server had an error",
                Optional.empty(), null);
    }

    @SafeVarargs
    private static void sequence(FakeModelProvider provider, Supplier<ModelResponse>... steps) {
        List<Supplier<ModelResponse>> answers = Arrays.asList(steps);
        AtomicInteger next = new AtomicInteger();
        provider.answerWith(request -> answers.get(Math.min(next.getAndIncrement(), answers.size() - 1)).get());
    }
}

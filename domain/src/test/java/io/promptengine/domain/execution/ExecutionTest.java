package io.promptengine.domain.execution;

import static io.promptengine.domain.execution.ExecutionFixtures.ANSWER;
import static io.promptengine.domain.execution.ExecutionFixtures.CREATED;
import static io.promptengine.domain.execution.ExecutionFixtures.ENDED;
import static io.promptengine.domain.execution.ExecutionFixtures.ID;
import static io.promptengine.domain.execution.ExecutionFixtures.STARTED;
import static io.promptengine.domain.execution.ExecutionFixtures.TIMEOUT;
import static io.promptengine.domain.execution.ExecutionFixtures.UPSTREAM;
import static io.promptengine.domain.execution.ExecutionFixtures.USED;
import static io.promptengine.domain.execution.ExecutionFixtures.inStatus;
import static io.promptengine.domain.execution.ExecutionFixtures.queued;
import static io.promptengine.domain.execution.ExecutionFixtures.request;
import static io.promptengine.domain.execution.ExecutionFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutionTest {

    private static final Instant LATER = ENDED.plusSeconds(10);

    @Test
    void givenNewRequest_queue_isQueuedWithNothingElseSet() {
        Execution execution = Execution.queue(ID, request(), CREATED);

        assertThat(execution.status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(execution.createdAt()).isEqualTo(CREATED);
        assertThat(execution.attempts()).isZero();
        assertThat(execution.usage()).isEqualTo(Usage.NONE);
        assertThat(execution.output()).isEmpty();
        assertThat(execution.error()).isEmpty();
        assertThat(execution.cost()).isEmpty();
        assertThat(execution.cacheHit()).isFalse();
        assertThat(execution.startedAt()).isEmpty();
        assertThat(execution.completedAt()).isEmpty();
        assertThat(execution.latency()).isEmpty();
    }

    @Test
    void givenQueued_start_isRunningWithStartTimeAndOneAttempt() {
        Execution running = queued().start(STARTED);

        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.startedAt()).contains(STARTED);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.completedAt()).isEmpty();
        assertThat(running.request()).isEqualTo(request());
    }

    @Test
    void givenReloadedQueuedThatRanBefore_start_countsAnotherAttempt() {
        Execution reclaimed = new Execution(ID, request(), ExecutionStatus.QUEUED, Optional.empty(), Optional.empty(),
                Usage.NONE, Optional.empty(), false, 1, CREATED, Optional.empty(), Optional.empty());

        assertThat(reclaimed.start(STARTED).attempts()).isEqualTo(2);
    }

    @Test
    void givenQueued_cancel_isCancelledWithoutEverStarting() {
        Execution cancelled = queued().cancel(ENDED);

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.completedAt()).contains(ENDED);
        assertThat(cancelled.startedAt()).isEmpty();
        assertThat(cancelled.attempts()).isZero();
    }

    @Test
    void givenRunning_complete_keepsAnswerUsageAndCost() {
        Execution completed = running().complete(ANSWER, USED, Optional.of(new BigDecimal("0.0012")), ENDED);

        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(completed.output()).contains(ANSWER);
        assertThat(completed.usage()).isEqualTo(USED);
        assertThat(completed.cost()).contains(new BigDecimal("0.0012"));
        assertThat(completed.error()).isEmpty();
        assertThat(completed.startedAt()).contains(STARTED);
        assertThat(completed.completedAt()).contains(ENDED);
        assertThat(completed.latency()).contains(Duration.between(CREATED, ENDED));
    }

    @Test
    void givenCachedAnswer_fromCache_isCompletedHitWithNoTokensNoCostAndNoAttempt() {
        Execution hit = Execution.fromCache(ID, request(), ANSWER, CREATED);

        assertThat(hit.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.output()).contains(ANSWER);
        assertThat(hit.usage()).isEqualTo(Usage.NONE);
        assertThat(hit.cost()).contains(BigDecimal.ZERO);
        assertThat(hit.attempts()).isZero();
        assertThat(hit.latency()).contains(Duration.ZERO);
        assertThatThrownBy(() -> hit.cancel(ENDED)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void givenRunning_fail_keepsErrorAndUsage() {
        Execution failed = running().fail(UPSTREAM, USED, ENDED);

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains(UPSTREAM);
        assertThat(failed.usage()).isEqualTo(USED);
        assertThat(failed.output()).isEmpty();
        assertThat(failed.completedAt()).contains(ENDED);
    }

    @Test
    void givenRunning_timeOut_isTimedOutWithError() {
        Execution timedOut = running().timeOut(TIMEOUT, ENDED);

        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(timedOut.error()).contains(TIMEOUT);
        assertThat(timedOut.completedAt()).contains(ENDED);
    }

    @Test
    void givenRunningThatUsedTokens_timeOutWithUsage_keepsTheTokens() {
        Execution timedOut = running().timeOut(TIMEOUT, USED, ENDED);

        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(timedOut.usage()).isEqualTo(USED);
        assertThat(timedOut.error()).contains(TIMEOUT);
    }

    @Test
    void givenRunning_cancel_isCancelledAfterItsStart() {
        Execution cancelled = running().cancel(ENDED);

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.startedAt()).contains(STARTED);
        assertThat(cancelled.completedAt()).contains(ENDED);
        assertThat(cancelled.attempts()).isEqualTo(1);
    }

    @Test
    void givenRunningThatStreamedPartOfItsAnswer_cancelWithUsage_keepsTheTokensAndTheirCost() {
        Execution cancelled = running().cancel(USED, Optional.of(new BigDecimal("0.0042")), ENDED);

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.usage()).isEqualTo(USED);
        assertThat(cancelled.cost()).contains(new BigDecimal("0.0042"));
        assertThat(cancelled.completedAt()).contains(ENDED);
        assertThat(cancelled.output()).isEmpty();
    }

    @Test
    void givenRunningCutShortAfterUsingTokens_failOrTimeOutWithPrice_keepsTheTokensAndTheirCost() {
        Optional<BigDecimal> price = Optional.of(new BigDecimal("0.0007"));

        Execution failed = running().fail(UPSTREAM, USED, price, ENDED);
        Execution timedOut = running().timeOut(TIMEOUT, USED, price, ENDED);

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.cost()).isEqualTo(price);
        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(timedOut.usage()).isEqualTo(USED);
        assertThat(timedOut.cost()).isEqualTo(price);
    }

    @Test
    void givenEnded_cancelWithUsage_isRefused() {
        Execution completed = inStatus(ExecutionStatus.COMPLETED);

        assertThatThrownBy(() -> completed.cancel(USED, Optional.empty(), LATER))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void givenQueued_completeFailOrTimeOut_isRefused() {
        Execution queued = queued();

        assertRefused(queued, e -> e.complete(ANSWER, USED, Optional.empty(), LATER), ExecutionStatus.COMPLETED);
        assertRefused(queued, e -> e.fail(UPSTREAM, Usage.NONE, LATER), ExecutionStatus.FAILED);
        assertRefused(queued, e -> e.timeOut(TIMEOUT, LATER), ExecutionStatus.TIMED_OUT);
    }

    @Test
    void givenRunning_start_isRefused() {
        assertRefused(running(), e -> e.start(LATER), ExecutionStatus.RUNNING);
    }

    @ParameterizedTest(name = "{0} --{1}--> refused")
    @MethodSource("terminalStatesAndTransitions")
    void givenTerminal_anyTransition_isRefused(ExecutionStatus terminal, ExecutionStatus attempted) {
        assertRefused(inStatus(terminal), transitionTo(attempted), attempted);
    }

    static Stream<Arguments> terminalStatesAndTransitions() {
        return Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isTerminal)
                .flatMap(from -> Stream.of(ExecutionStatus.RUNNING, ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
                        ExecutionStatus.CANCELLED, ExecutionStatus.TIMED_OUT).map(to -> Arguments.of(from, to)));
    }

    @Test
    void givenRefusedTransition_message_namesExecutionAndBothStates() {
        assertThatThrownBy(() -> inStatus(ExecutionStatus.COMPLETED).cancel(LATER))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("execution exec_1 cannot move from completed to cancelled");
    }

    @Test
    void givenCompletedWithoutOutput_reload_isRefused() {
        assertThatThrownBy(() -> reload(ExecutionStatus.COMPLETED, Optional.empty(), Optional.empty(),
                Optional.of(STARTED), Optional.of(ENDED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
    }

    @ParameterizedTest
    @EnumSource(names = {"FAILED", "TIMED_OUT"})
    void givenFailureWithoutError_reload_isRefused(ExecutionStatus status) {
        assertThatThrownBy(() -> reload(status, Optional.empty(), Optional.empty(), Optional.of(STARTED),
                Optional.of(ENDED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has an error");
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"})
    void givenTerminalWithoutCompletedAt_reload_isRefused(ExecutionStatus status) {
        assertThatThrownBy(() -> reload(status, Optional.of(ANSWER), Optional.of(UPSTREAM), Optional.of(STARTED),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completedAt");
    }

    @ParameterizedTest
    @EnumSource(names = {"QUEUED", "RUNNING"})
    void givenUnfinishedWithCompletedAt_reload_isRefused(ExecutionStatus status) {
        assertThatThrownBy(() -> reload(status, Optional.empty(), Optional.empty(), Optional.of(STARTED),
                Optional.of(ENDED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completedAt");
    }

    @Test
    void givenRunningWithoutStartTime_reload_isRefused() {
        assertThatThrownBy(() -> reload(ExecutionStatus.RUNNING, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start time");
    }

    @Test
    void givenNegativeAttempts_reload_isRefused() {
        assertThatThrownBy(() -> new Execution(ID, request(), ExecutionStatus.QUEUED, Optional.empty(),
                Optional.empty(), Usage.NONE, Optional.empty(), false, -1, CREATED, Optional.empty(),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts");
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void givenConsistentFields_reload_equalsTheExecutionItWasStoredFrom(ExecutionStatus status) {
        Execution stored = inStatus(status);

        Execution reloaded = new Execution(stored.id(), stored.request(), stored.status(), stored.output(),
                stored.error(), stored.usage(), stored.cost(), stored.cacheHit(), stored.attempts(),
                stored.createdAt(), stored.startedAt(), stored.completedAt());

        assertThat(reloaded).isEqualTo(stored);
    }

    @Test
    void givenMissingField_reload_isRefused() {
        assertThatThrownBy(() -> new Execution(ID, null, ExecutionStatus.QUEUED, Optional.empty(), Optional.empty(),
                Usage.NONE, Optional.empty(), false, 0, CREATED, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("request");
    }

    private static Execution reload(ExecutionStatus status, Optional<ExecutionOutput> output,
            Optional<ExecutionError> error, Optional<Instant> startedAt, Optional<Instant> completedAt) {
        return new Execution(ID, request(), status, output, error, Usage.NONE, Optional.empty(), false, 1, CREATED,
                startedAt, completedAt);
    }

    private static UnaryOperator<Execution> transitionTo(ExecutionStatus next) {
        return switch (next) {
            case RUNNING -> e -> e.start(LATER);
            case COMPLETED -> e -> e.complete(ANSWER, USED, Optional.empty(), LATER);
            case FAILED -> e -> e.fail(UPSTREAM, Usage.NONE, LATER);
            case CANCELLED -> e -> e.cancel(LATER);
            case TIMED_OUT -> e -> e.timeOut(TIMEOUT, LATER);
            case QUEUED -> throw new IllegalArgumentException("no transition leads back to queued");
        };
    }

    private static void assertRefused(Execution from, UnaryOperator<Execution> transition, ExecutionStatus to) {
        assertThatThrownBy(() -> transition.apply(from))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from.status());
                    assertThat(e.to()).isEqualTo(to);
                });
    }
}

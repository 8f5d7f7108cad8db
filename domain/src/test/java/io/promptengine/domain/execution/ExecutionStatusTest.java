package io.promptengine.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutionStatusTest {

    /** The whole lifecycle, written out: every edge not listed here must be refused. */
    private static final Map<ExecutionStatus, Set<ExecutionStatus>> EDGES = Map.of(
            ExecutionStatus.QUEUED, Set.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELLED),
            ExecutionStatus.RUNNING, Set.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
                    ExecutionStatus.CANCELLED, ExecutionStatus.TIMED_OUT));

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void givenAnyPairOfStates_canMoveTo_allowsExactlyTheLifecycleEdges(ExecutionStatus from, ExecutionStatus to) {
        boolean expected = EDGES.getOrDefault(from, Set.of()).contains(to);

        assertThat(from.canMoveTo(to)).isEqualTo(expected);
    }

    static Stream<Arguments> everyPair() {
        return Arrays.stream(ExecutionStatus.values())
                .flatMap(from -> Arrays.stream(ExecutionStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @Test
    void givenLifecycle_terminalStates_areExactlyTheFourEnds() {
        assertThat(Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isTerminal))
                .containsExactlyInAnyOrder(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
                        ExecutionStatus.CANCELLED, ExecutionStatus.TIMED_OUT);
    }

    @Test
    void givenTimedOut_wireName_isSnakeCase() {
        assertThat(ExecutionStatus.TIMED_OUT.wireName()).isEqualTo("timed_out");
        assertThat(ExecutionStatus.QUEUED.wireName()).isEqualTo("queued");
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void givenWireName_fromWire_returnsTheStatus(ExecutionStatus status) {
        assertThat(ExecutionStatus.fromWire(status.wireName())).isEqualTo(status);
    }

    @Test
    void givenUnknownOrUpperCaseName_fromWire_isRefused() {
        assertThatThrownBy(() -> ExecutionStatus.fromWire("TIMED_OUT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecutionStatus.fromWire("paused")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paused");
    }
}

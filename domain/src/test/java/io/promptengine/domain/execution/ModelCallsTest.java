package io.promptengine.domain.execution;

import static io.promptengine.domain.execution.ExecutionFixtures.ANSWER;
import static io.promptengine.domain.execution.ExecutionFixtures.ENDED;
import static io.promptengine.domain.execution.ExecutionFixtures.STARTED;
import static io.promptengine.domain.execution.ExecutionFixtures.UPSTREAM;
import static io.promptengine.domain.execution.ExecutionFixtures.USED;
import static io.promptengine.domain.execution.ExecutionFixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCallsTest {

    private static final ModelCalls TWO = new ModelCalls(2, Optional.of(UPSTREAM), Optional.of("claude-3-5-haiku"));

    @Test
    void givenRunningExecution_withModelCalls_keepsThemThroughItsEnd() {
        Execution running = queued().start(STARTED).withModelCalls(TWO);

        assertThat(running.complete(ANSWER, USED, Optional.empty(), ENDED).modelCalls()).isEqualTo(TWO);
        assertThat(running.fail(UPSTREAM, USED, ENDED).modelCalls()).isEqualTo(TWO);
        assertThat(running.timeOut(UPSTREAM, ENDED).modelCalls()).isEqualTo(TWO);
        assertThat(running.cancel(ENDED).modelCalls()).isEqualTo(TWO);
    }

    @Test
    void givenNewOrRestartedExecution_modelCalls_areNone() {
        assertThat(queued().modelCalls()).isEqualTo(ModelCalls.NONE);
        assertThat(queued().start(STARTED).modelCalls()).isEqualTo(ModelCalls.NONE);
    }

    @Test
    void givenExecutionNotRunning_withModelCalls_isRefused() {
        assertThatThrownBy(() -> queued().withModelCalls(TWO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queued");
        Execution ended = queued().start(STARTED).complete(ANSWER, USED, Optional.empty(), ENDED);
        assertThatThrownBy(() -> ended.withModelCalls(TWO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenNegativeCount_modelCalls_areRefused() {
        assertThatThrownBy(() -> new ModelCalls(-1, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

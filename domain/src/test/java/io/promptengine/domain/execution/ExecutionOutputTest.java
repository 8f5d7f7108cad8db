package io.promptengine.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.prompt.FinishReason;
import org.junit.jupiter.api.Test;

class ExecutionOutputTest {

    @Test
    void givenPlainText_text_hasNoJson() {
        ExecutionOutput output = ExecutionOutput.text("hi", FinishReason.STOP);

        assertThat(output.text()).isEqualTo("hi");
        assertThat(output.json()).isEmpty();
        assertThat(output.truncated()).isFalse();
    }

    @Test
    void givenLengthFinish_truncated_isTrue() {
        assertThat(ExecutionOutput.text("cut sh", FinishReason.LENGTH).truncated()).isTrue();
    }
}

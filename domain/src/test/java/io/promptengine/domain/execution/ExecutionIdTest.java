package io.promptengine.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionIdTest {

    private static final String LONGEST = "exec_" + "a".repeat(59);

    @ParameterizedTest
    @ValueSource(strings = {"exec_1", "exec_01JABCDEF", "exec_a-b_C9", "exec__", "exec_-"})
    void givenPrefixAndUrlSafeCharacters_isWellFormed_isTrue(String value) {
        assertThat(ExecutionId.isWellFormed(value)).isTrue();
        assertThat(new ExecutionId(value).value()).isEqualTo(value);
    }

    @Test
    void givenSixtyFourCharacters_isWellFormed_isTrue() {
        assertThat(LONGEST).hasSize(64);
        assertThat(ExecutionId.isWellFormed(LONGEST)).isTrue();
    }

    @Test
    void givenSixtyFiveCharacters_isWellFormed_isFalse() {
        assertThat(ExecutionId.isWellFormed(LONGEST + "a")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"exec_", "exec", "exe_1", "EXEC_1", "1", "xexec_1", "exec_a b", "exec_a/b", "exec_a.b",
            "exec_é", "exec_1%20", "exec_1\n", " exec_1"})
    void givenAnythingElse_isWellFormed_isFalse(String value) {
        assertThat(ExecutionId.isWellFormed(value)).isFalse();
    }

    @Test
    void givenMalformedValue_constructor_isRefused() {
        assertThatThrownBy(() -> new ExecutionId("exec_../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exec_../x");
        assertThatThrownBy(() -> new ExecutionId(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenId_toString_isTheBareValue() {
        assertThat(new ExecutionId("exec_42")).hasToString("exec_42");
    }
}

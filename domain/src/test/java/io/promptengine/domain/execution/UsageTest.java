package io.promptengine.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void givenInputAndOutputTokens_totalTokens_isTheirSum() {
        assertThat(new Usage(12, 30).totalTokens()).isEqualTo(42);
    }

    @Test
    void givenTwoUsages_plus_addsEachCount() {
        Usage sum = new Usage(1, 2).plus(new Usage(10, 20));

        assertThat(sum).isEqualTo(new Usage(11, 22));
        assertThat(sum.totalTokens()).isEqualTo(33);
    }

    @Test
    void givenNone_counts_areZero() {
        assertThat(Usage.NONE.inputTokens()).isZero();
        assertThat(Usage.NONE.outputTokens()).isZero();
        assertThat(Usage.NONE.totalTokens()).isZero();
        assertThat(new Usage(4, 5).plus(Usage.NONE)).isEqualTo(new Usage(4, 5));
    }

    @Test
    void givenNegativeCount_constructor_isRefused() {
        assertThatThrownBy(() -> new Usage(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Usage(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenDetails_plus_addsThemToo() {
        Usage sum = new Usage(100, 50, 40, 10, 20).plus(new Usage(10, 5, 1, 2, 3));

        assertThat(sum).isEqualTo(new Usage(110, 55, 41, 12, 23));
        assertThat(sum.uncachedInputTokens()).isEqualTo(57);
    }

    @Test
    void givenDetailsLargerThanTheirTotal_constructor_isRefused() {
        assertThatThrownBy(() -> new Usage(10, 0, 8, 3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part of the input tokens");
        assertThatThrownBy(() -> new Usage(0, 5, 0, 0, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part of the output tokens");
        assertThatThrownBy(() -> new Usage(5, 5, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

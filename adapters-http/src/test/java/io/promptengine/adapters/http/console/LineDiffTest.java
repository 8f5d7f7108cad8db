package io.promptengine.adapters.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void givenOneLineChanged_of_keepsTheCommonLinesAndShowsTheChangeAsRemovedThenAdded() {
        List<LineDiff.Line> diff = LineDiff.of("Summarise:\n{{text}}\nBe brief.", "Summarise:\n{{text}}\nBe kind.");

        assertThat(diff).containsExactly(
                new LineDiff.Line(LineDiff.Kind.SAME, "Summarise:"),
                new LineDiff.Line(LineDiff.Kind.SAME, "{{text}}"),
                new LineDiff.Line(LineDiff.Kind.REMOVED, "Be brief."),
                new LineDiff.Line(LineDiff.Kind.ADDED, "Be kind."));
        assertThat(LineDiff.changed(diff)).isTrue();
    }

    @Test
    void givenLinesInsertedAndDeleted_of_findsTheLongestCommonRun() {
        List<LineDiff.Line> diff = LineDiff.of("a\nb\nc\nd", "a\nx\nc\nd\ne");

        assertThat(diff.stream().map(line -> line.sign() + line.text()))
                .containsExactly("  a", "- b", "+ x", "  c", "  d", "+ e");
    }

    @Test
    void givenEqualOrEmptyTexts_of_reportsNoChange() {
        assertThat(LineDiff.changed(LineDiff.of("same\ntext", "same\ntext"))).isFalse();
        assertThat(LineDiff.of("", "")).isEmpty();
        assertThat(LineDiff.of("", "new")).containsExactly(new LineDiff.Line(LineDiff.Kind.ADDED, "new"));
    }

    @Test
    void givenTextsPastTheLimit_of_isEveryOldLineRemovedAndEveryNewOneAdded() {
        String big = "line\n".repeat(LineDiff.MAX_LINES + 1);

        List<LineDiff.Line> diff = LineDiff.of(big, "other");

        assertThat(diff).hasSize(LineDiff.MAX_LINES + 3);
        assertThat(diff.get(diff.size() - 1)).isEqualTo(new LineDiff.Line(LineDiff.Kind.ADDED, "other"));
    }
}

package io.promptengine.adapters.http.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A line diff of two texts by their longest common subsequence, for people comparing two prompt versions. Texts
 * are bounded by the domain (a template, a schema), but the table is quadratic, so past {@link #MAX_LINES} lines a
 * side the diff is every old line removed and every new one added: still true, only coarser.
 */
final class LineDiff {

    static final int MAX_LINES = 2_000;

    enum Kind { SAME, ADDED, REMOVED }

    record Line(Kind kind, String text) {

        /** The CSS class and the sign a reader of the diff (or a screen reader) sees. */
        String css() {
            return switch (kind) {
                case SAME -> "same";
                case ADDED -> "added";
                case REMOVED -> "removed";
            };
        }

        String sign() {
            return switch (kind) {
                case SAME -> "  ";
                case ADDED -> "+ ";
                case REMOVED -> "- ";
            };
        }
    }

    private LineDiff() {
    }

    static List<Line> of(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            List<Line> coarse = new ArrayList<>();
            a.forEach(line -> coarse.add(new Line(Kind.REMOVED, line)));
            b.forEach(line -> coarse.add(new Line(Kind.ADDED, line)));
            return coarse;
        }
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> diff = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                diff.add(new Line(Kind.SAME, a.get(i++)));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                diff.add(new Line(Kind.REMOVED, a.get(i++)));
            } else {
                diff.add(new Line(Kind.ADDED, b.get(j++)));
            }
        }
        while (i < a.size()) {
            diff.add(new Line(Kind.REMOVED, a.get(i++)));
        }
        while (j < b.size()) {
            diff.add(new Line(Kind.ADDED, b.get(j++)));
        }
        return diff;
    }

    static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(line -> line.kind() != Kind.SAME);
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return Collections.emptyList();
        }
        return List.of(text.split("\n", -1));
    }
}

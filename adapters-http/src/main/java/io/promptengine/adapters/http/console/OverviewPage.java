package io.promptengine.adapters.http.console;

import io.promptengine.application.model.ActivityReport;
import io.promptengine.application.model.ActivityReport.Point;
import io.promptengine.application.port.in.ActivityQuery.Window;
import io.promptengine.domain.execution.Execution;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The overview: the window shown, its activity as charts (each drawn by {@code charts.js} from its data attributes,
 * and as a table with the same numbers), and the latest failures.
 */
record OverviewPage(Frame frame, Window window, ActivityReport activity, List<Execution> failures) {

    OverviewPage {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(activity, "activity");
        failures = List.copyOf(failures);
    }

    /**
     * One chart: its points as comma-separated numbers for the script, and its total for the caption.
     *
     * @param whole whether its values are counts, whose axis has no fractions
     */
    record Chart(String id, String label, String xs, String ys, String total, boolean whole) {
    }

    List<Window> windows() {
        return List.of(Window.values());
    }

    static String label(Window window) {
        return switch (window) {
            case LAST_24_HOURS -> "24 hours";
            case LAST_7_DAYS -> "7 days";
            case LAST_30_DAYS -> "30 days";
        };
    }

    String bucket() {
        return activity.bucket() == ActivityReport.Bucket.HOUR ? "hour" : "day";
    }

    List<Chart> charts() {
        return List.of(
                chart("requests", "Requests", point -> Long.toString(point.executions()),
                        Long.toString(sum(Point::executions))),
                chart("errors", "Errors", point -> Long.toString(point.errors()), Long.toString(sum(Point::errors))),
                chart("tokens", "Tokens", point -> Long.toString(point.totalTokens()),
                        Long.toString(sum(Point::totalTokens))),
                chart("cost", "Cost (USD)", point -> point.cost().toPlainString(), cost().toPlainString()));
    }

    BigDecimal cost() {
        return activity.points().stream().map(Point::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    long unpriced() {
        return sum(Point::unpricedExecutions);
    }

    /** A point's bucket as a person reads it: {@code 2025-06-10 13:00} or {@code 2025-06-10}, in UTC. */
    String when(Point point) {
        String instant = point.start().toString();
        return activity.bucket() == ActivityReport.Bucket.HOUR
                ? instant.substring(0, 10) + " " + instant.substring(11, 16) : instant.substring(0, 10);
    }

    /** The buckets that had any execution, newest first: the table beside the charts. */
    List<Point> busyPoints() {
        return activity.points().stream().filter(point -> point.executions() > 0)
                .sorted((one, other) -> other.start().compareTo(one.start())).toList();
    }

    static String created(Execution execution) {
        String instant = execution.createdAt().toString();
        return instant.substring(0, 10) + " " + instant.substring(11, 19) + " UTC";
    }

    private Chart chart(String id, String label, Function<Point, String> value, String total) {
        String xs = activity.points().stream().map(point -> Long.toString(point.start().getEpochSecond()))
                .collect(Collectors.joining(","));
        String ys = activity.points().stream().map(value).collect(Collectors.joining(","));
        return new Chart(id, label, xs, ys, total, !id.equals("cost"));
    }

    private long sum(java.util.function.ToLongFunction<Point> value) {
        return activity.points().stream().mapToLong(value).sum();
    }
}

package io.promptengine.application.port.in;

import io.promptengine.application.model.ActivityReport.Bucket;
import io.promptengine.application.model.UsageReport;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The caller's executions over the last 24 hours (by hour), 7 or 30 days (by UTC day), the current one included. */
public record ActivityQuery(Caller caller, Window window) {

    public ActivityQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(window, "window");
    }

    /** A span back from now; {@code wireName} is how a page or a link names it. */
    public enum Window {
        LAST_24_HOURS("24h", Bucket.HOUR, 24),
        LAST_7_DAYS("7d", Bucket.DAY, 7),
        LAST_30_DAYS("30d", Bucket.DAY, 30);

        private final String wireName;
        private final Bucket bucket;
        private final int buckets;

        Window(String wireName, Bucket bucket, int buckets) {
            this.wireName = wireName;
            this.bucket = bucket;
            this.buckets = buckets;
        }

        public String wireName() {
            return wireName;
        }

        public Bucket bucket() {
            return bucket;
        }

        /** The window's buckets at {@code now}: the last one is the bucket {@code now} is in. */
        public UsageReport.Range range(Instant now) {
            Instant end = bucket.start(now).plus(bucket.length());
            return new UsageReport.Range(end.minus(bucket.length().multipliedBy(buckets)), end);
        }

        public static Optional<Window> fromWire(String name) {
            for (Window window : values()) {
                if (window.wireName.equals(name)) {
                    return Optional.of(window);
                }
            }
            return Optional.empty();
        }
    }
}

package io.promptengine.application.port.out;

import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Counts requests in buckets. A bucket admits at most its limit in any {@link #WINDOW} — a sliding window, so no
 * burst around a minute boundary gets twice the limit: a request counted at {@code t} counts until, and not at,
 * {@code t + WINDOW}.
 *
 * <p>{@link #acquire} decides for every bucket of a request at once and atomically: when admitted, the request
 * counts in each bucket; when limited, it counts in none. Adapters keep the counts in memory for one instance, or
 * in a shared database so that limits hold across instances; both run the same contract.
 */
public interface RateLimiter {

    Duration WINDOW = Duration.ofMinutes(1);

    /**
     * Admits one request in every bucket, or in none.
     *
     * @param buckets at least one, with distinct keys; a bucket's limit may change from call to call (a new plan)
     * @param now the request's time; one earlier than the newest request a bucket counted (a clock stepped back,
     *        a race between threads) counts in that bucket as if it came with the newest
     */
    Decision acquire(List<Bucket> buckets, Instant now);

    /** A named counter and how many requests it admits per {@link #WINDOW}. */
    record Bucket(String key, int limit) {

        public Bucket {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("bucket key must not be blank");
            }
            if (limit <= 0) {
                throw new IllegalArgumentException("bucket limit must be positive: " + limit);
            }
        }

        /** The bucket of everything a tenant sends, limited by its plan. */
        public static Bucket tenant(TenantId tenant, int limit) {
            return new Bucket("tenant:" + tenant.value(), limit);
        }

        /** The bucket of one API key, for a key with a limit of its own. */
        public static Bucket apiKey(ApiKeyId key, int limit) {
            return new Bucket("key:" + key.value(), limit);
        }
    }

    /** The outcome of {@link #acquire}. */
    sealed interface Decision permits Admitted, Limited {

        /** The figures to show the caller. */
        Allowance allowance();
    }

    /**
     * The request counted in every bucket. The allowance is the tightest bucket's after counting it: the fewest
     * remaining, then the lowest limit.
     */
    record Admitted(Allowance allowance) implements Decision {

        public Admitted {
            Objects.requireNonNull(allowance, "allowance");
        }
    }

    /**
     * The request counted nowhere, because {@code bucket} is full. Of several full buckets, the one that frees up
     * last: its allowance has nothing remaining and resets when a request is admitted again.
     */
    record Limited(Bucket bucket, Allowance allowance) implements Decision {

        public Limited {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(allowance, "allowance");
            if (allowance.remaining() != 0) {
                throw new IllegalArgumentException("a limited bucket has nothing remaining");
            }
        }
    }
}

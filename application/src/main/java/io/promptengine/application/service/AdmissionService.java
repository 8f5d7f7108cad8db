package io.promptengine.application.service;

import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.NoMetrics;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Admits prompt-running requests. Every request that reaches it counts, whatever happens to it next (a 400 for
 * its body, a failed model call): the limit guards the server's work, and deciding first keeps the answer cheap.
 * A key's own limit adds a second bucket only when it is below the plan's.
 */
public final class AdmissionService implements AdmitRequestUseCase {

    private final RateLimiter limiter;
    private final PlanStore plans;
    private final TokenAccounting tokens;
    private final Clock clock;
    private final Metrics metrics;

    public AdmissionService(RateLimiter limiter, PlanStore plans, TokenAccounting tokens, Clock clock) {
        this(limiter, plans, tokens, clock, new NoMetrics());
    }

    /** @param metrics told of every refusal, by the plan whose limit refused it */
    public AdmissionService(RateLimiter limiter, PlanStore plans, TokenAccounting tokens, Clock clock,
            Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.limiter = limiter;
        this.plans = plans;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Allowance admit(Caller caller) {
        caller.require(Scope.EXECUTE);
        // a tenant on a plan that no longer exists is a data error, not the caller's: 500, not a free pass
        Plan plan = PlanService.find(plans, caller.plan()).orElseThrow(() -> new IllegalStateException(
                "tenant " + caller.tenantId() + " is on plan '" + caller.plan() + "', which does not exist"));
        int planLimit = plan.policy().requestsPerMinute();
        List<RateLimiter.Bucket> buckets = new ArrayList<>(2);
        buckets.add(RateLimiter.Bucket.tenant(caller.tenantId(), planLimit));
        if (caller.keyRequestsPerMinute().isPresent() && caller.keyRequestsPerMinute().getAsInt() < planLimit) {
            buckets.add(RateLimiter.Bucket.apiKey(caller.apiKeyId(), caller.keyRequestsPerMinute().getAsInt()));
        }
        Instant now = clock.now();
        try {
            RateLimiter.Decision decision = limiter.acquire(buckets, now);
            if (decision instanceof RateLimiter.Limited limited) {
                throw refusal(limited, buckets.get(0), now);
            }
            tokens.check(caller.tenantId(), plan.policy(), decision.allowance(), now);
            return decision.allowance();
        } catch (LimitExceededException refused) {
            metrics.refused(refused.kind(), plan.name(), caller.tenantId());
            throw refused;
        }
    }

    private static LimitExceededException refusal(RateLimiter.Limited limited, RateLimiter.Bucket tenantBucket,
            Instant now) {
        Allowance allowance = limited.allowance();
        String whose = limited.bucket().equals(tenantBucket) ? "This tenant's plan allows " : "This API key allows ";
        return LimitExceededException.rateLimited(whose + allowance.limit() + " requests per minute; retry after "
                + allowance.resetAt(), allowance, TokenAccounting.waitFrom(now, allowance.resetAt()));
    }
}

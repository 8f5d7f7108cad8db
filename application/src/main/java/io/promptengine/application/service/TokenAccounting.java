package io.promptengine.application.service;

import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.tenant.TenantId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The token limits of plans: checked before a prompt runs, charged once it has ended. The tokens of a call are
 * known only after it, so the check sees only ended executions: requests admitted while the last tokens of a
 * minute or a month remain may each overshoot them once.
 */
public final class TokenAccounting {

    private static final System.Logger LOG = System.getLogger(TokenAccounting.class.getName());

    private final TokenMeter meter;
    private final MonthlyTokenUsage monthly;

    public TokenAccounting(TokenMeter meter, MonthlyTokenUsage monthly) {
        this.meter = meter;
        this.monthly = monthly;
    }

    /**
     * Refuses with {@code quota_exceeded} when a token limit of {@code policy} is used up; {@code allowance} rides
     * along for the response headers.
     */
    void check(TenantId tenant, RateLimitPolicy policy, Allowance allowance, Instant now) {
        if (policy.monthlyTokenQuota().isPresent()) {
            long quota = policy.monthlyTokenQuota().getAsLong();
            YearMonth month = monthOf(now);
            if (monthly.total(tenant, month) >= quota) {
                Instant renews = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                throw LimitExceededException.quotaExceeded("The monthly quota of " + quota + " tokens is used up for "
                        + month + "; it renews at " + renews, allowance, waitFrom(now, renews));
            }
        }
        if (policy.tokensPerMinute().isPresent()) {
            long limit = policy.tokensPerMinute().getAsLong();
            Optional<Instant> until = meter.exhaustedUntil(tenant, limit, now);
            if (until.isPresent()) {
                throw LimitExceededException.quotaExceeded("The limit of " + limit + " tokens per minute is used up "
                        + "until " + until.get(), allowance, waitFrom(now, until.get()));
            }
        }
    }

    /** Charges the tokens of an ended execution. Failing to record them is logged; it never fails the execution. */
    void charge(Execution ended) {
        long tokens = ended.usage().totalTokens();
        if (tokens == 0 || ended.completedAt().isEmpty()) {
            return;
        }
        TenantId tenant = ended.request().tenantId();
        Instant at = ended.completedAt().get();
        try {
            meter.record(tenant, tokens, at);
            monthly.add(tenant, monthOf(at), tokens);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not charge " + tokens + " tokens of execution " + ended.id()
                    + " to tenant " + tenant, e);
        }
    }

    /** How long from {@code now} until {@code then}; zero when it has passed. */
    static Duration waitFrom(Instant now, Instant then) {
        return now.isBefore(then) ? Duration.between(now, then) : Duration.ZERO;
    }

    private static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }
}

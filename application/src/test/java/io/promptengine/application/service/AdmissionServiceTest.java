package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AdmissionServiceTest {

    private static final YearMonth JANUARY = YearMonth.of(2025, 1);

    private final App app = new App();
    private final Instant start = app.clock.now();

    @Test
    void givenFreePlan_admit_countsDownFromSixty() {
        assertThat(app.admission.admit(acme())).isEqualTo(new Allowance(60, 59, start.plusSeconds(60)));
        app.clock.advance(Duration.ofSeconds(5));
        assertThat(app.admission.admit(acme())).isEqualTo(new Allowance(60, 58, start.plusSeconds(60)));
    }

    @Test
    void givenFreePlan_the61stRequestInAMinute_isRateLimitedUntilTheFirstLeaves() {
        for (int i = 0; i < 60; i++) {
            app.admission.admit(acme());
            app.clock.advance(Duration.ofMillis(500));
        }

        LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
                () -> app.admission.admit(acme()));

        assertThat(refused.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(refused.allowance()).isEqualTo(new Allowance(60, 0, start.plusSeconds(60)));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(refused.getMessage()).startsWith("This tenant's plan allows 60 requests per minute");
        app.clock.set(start.plusSeconds(60));
        assertThat(app.admission.admit(acme()).remaining()).isZero();
    }

    @Test
    void givenProPlan_admit_allowsAThousand() {
        Caller pro = new Caller(ACME, new ApiKeyId("key_pro"), EnumSet.of(Scope.EXECUTE), "pro", OptionalInt.empty());

        assertThat(app.admission.admit(pro).limit()).isEqualTo(1_000);
    }

    @Test
    void givenKeyWithoutExecuteScope_admit_isForbiddenAndCountsNothing() {
        assertThatThrownBy(() -> app.admission.admit(caller(ACME, Scope.READ)))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("'execute'");

        assertThat(app.admission.admit(acme()).remaining()).isEqualTo(59);
    }

    @Test
    void givenKeyLimitBelowThePlan_theKeyIsLimitedAloneAndItsRefusalsCostTheTenantNothing() {
        Caller limitedKey = keyWithLimit("key_ci", 3);
        for (int i = 0; i < 3; i++) {
            assertThat(app.admission.admit(limitedKey).limit()).isEqualTo(3);
        }

        LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
                () -> app.admission.admit(limitedKey));
        catchThrowableOfType(LimitExceededException.class, () -> app.admission.admit(limitedKey));

        assertThat(refused.getMessage()).startsWith("This API key allows 3 requests per minute");
        assertThat(refused.allowance()).isEqualTo(new Allowance(3, 0, start.plusSeconds(60)));
        assertThat(app.admission.admit(acme())).isEqualTo(new Allowance(60, 56, start.plusSeconds(60)));
    }

    @Test
    void givenKeyLimitAtOrAboveThePlan_onlyThePlanCounts() {
        assertThat(app.admission.admit(keyWithLimit("key_big", 500))).isEqualTo(
                new Allowance(60, 59, start.plusSeconds(60)));
        assertThat(app.admission.admit(keyWithLimit("key_equal", 60)).remaining()).isEqualTo(58);
    }

    @Test
    void givenTenantOnAPlanThatDoesNotExist_admit_failsAsABugNotAFreePass() {
        Caller orphan = new Caller(ACME, new ApiKeyId("key_x"), EnumSet.of(Scope.EXECUTE), "gold", OptionalInt.empty());

        assertThatThrownBy(() -> app.admission.admit(orphan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gold'");
    }

    @Test
    void givenMonthlyQuotaUsedUp_admit_isQuotaExceededUntilTheNextMonth() {
        app.plans.put(plan(OptionalLong.empty(), OptionalLong.of(1_000)));
        app.monthlyTokens.add(ACME, JANUARY, 1_000);
        app.clock.set(Instant.parse("2025-01-31T23:59:00Z"));

        LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
                () -> app.admission.admit(metered()));

        assertThat(refused.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(refused.getMessage()).contains("1000 tokens", "2025-01", "2025-02-01T00:00:00Z");
        assertThat(refused.allowance()).isEqualTo(new Allowance(100, 99, app.clock.now().plusSeconds(60)));
        app.clock.set(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(app.admission.admit(metered()).limit()).isEqualTo(100);
    }

    @Test
    void givenMonthlyQuotaNotYetUsedUp_admit_letsTheRequestIn() {
        app.plans.put(plan(OptionalLong.empty(), OptionalLong.of(1_000)));
        app.monthlyTokens.add(ACME, JANUARY, 999);

        assertThat(app.admission.admit(metered()).remaining()).isEqualTo(99);
    }

    @Test
    void givenTokensPerMinuteUsedUp_admit_isQuotaExceededUntilTheyLeaveTheWindow() {
        app.plans.put(plan(OptionalLong.of(500), OptionalLong.empty()));
        app.tokenMeter.record(ACME, 200, start);
        app.tokenMeter.record(ACME, 300, start.plusSeconds(10));
        app.clock.set(start.plusSeconds(20));

        LimitExceededException refused = catchThrowableOfType(LimitExceededException.class,
                () -> app.admission.admit(metered()));

        assertThat(refused.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(refused.getMessage()).contains("500 tokens per minute");
        app.clock.set(start.plusSeconds(60));
        assertThat(app.admission.admit(metered()).limit()).isEqualTo(100);
    }

    @Test
    void givenPlanWithoutTokenLimits_tokensUsed_neverRefuse() {
        app.tokenMeter.record(ACME, 1_000_000_000L, start);
        app.monthlyTokens.add(ACME, JANUARY, 1_000_000_000L);

        assertThat(app.admission.admit(acme()).remaining()).isEqualTo(59);
    }

    private Caller keyWithLimit(String key, int limit) {
        return new Caller(ACME, new ApiKeyId(key), EnumSet.of(Scope.EXECUTE), "free", OptionalInt.of(limit));
    }

    private static Caller metered() {
        return new Caller(ACME, new ApiKeyId("key_m"), EnumSet.of(Scope.EXECUTE), "metered", OptionalInt.empty());
    }

    private static Plan plan(OptionalLong tokensPerMinute, OptionalLong monthlyQuota) {
        return new Plan("metered", new RateLimitPolicy(100, tokensPerMinute, monthlyQuota), false);
    }
}

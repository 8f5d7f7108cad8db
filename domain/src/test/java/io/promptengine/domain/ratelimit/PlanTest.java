package io.promptengine.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {

    @Test
    void givenBuiltIns_requestsPerMinute_areSixtyOneThousandAndFiveThousand() {
        assertThat(Plan.FREE.policy().requestsPerMinute()).isEqualTo(60);
        assertThat(Plan.PRO.policy().requestsPerMinute()).isEqualTo(1_000);
        assertThat(Plan.ENTERPRISE.policy().requestsPerMinute()).isEqualTo(5_000);
    }

    @Test
    void givenBuiltIns_list_isFreeProEnterpriseAllMarkedBuiltIn() {
        assertThat(Plan.builtIns()).extracting(Plan::name).containsExactly("free", "pro", "enterprise");
        assertThat(Plan.builtIns()).allMatch(Plan::builtIn);
        assertThat(Plan.builtIns()).allMatch(plan -> plan.policy().tokensPerMinute().isEmpty()
                && plan.policy().monthlyTokenQuota().isEmpty());
    }

    @Test
    void givenBuiltInName_builtIn_findsItAndNothingElse() {
        assertThat(Plan.builtIn("pro")).contains(Plan.PRO);
        assertThat(Plan.builtIn("team")).isEmpty();
        assertThat(Plan.builtIn("Pro")).isEmpty();
    }

    @Test
    void givenPolicy_custom_isNotBuiltIn() {
        Plan team = Plan.custom("team", RateLimitPolicy.requestsPerMinute(300));

        assertThat(team.builtIn()).isFalse();
        assertThat(team.policy().requestsPerMinute()).isEqualTo(300);
    }

    @Test
    void givenOperatorDefinedPlan_constructor_keepsItsPolicy() {
        RateLimitPolicy policy = new RateLimitPolicy(300, OptionalLong.of(90_000), OptionalLong.of(10_000_000));

        Plan team = new Plan("team_2025-q1", policy, false);

        assertThat(team.policy()).isEqualTo(policy);
        assertThat(team.builtIn()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void givenNoName_constructor_isRefusedAsRequired(String name) {
        assertThatThrownBy(() -> new Plan(name, RateLimitPolicy.requestsPerMinute(1), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"))
                .hasMessage("Field 'name' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pro", "-pro", "_pro", "pro plan", "pro.v2"})
    void givenNameOutsideTheAlphabet_constructor_isRefusedOnName(String name) {
        assertThatThrownBy(() -> new Plan(name, RateLimitPolicy.requestsPerMinute(1), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"));
    }

    @Test
    void givenSixtyFourCharacterName_constructor_isRefused() {
        assertThat(new Plan("p".repeat(63), RateLimitPolicy.requestsPerMinute(1), false).name()).hasSize(63);
        assertThatThrownBy(() -> new Plan("p".repeat(64), RateLimitPolicy.requestsPerMinute(1), false))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -60})
    void givenNonPositiveRequestsPerMinute_policy_isRefusedOnThatField(int limit) {
        assertThatThrownBy(() -> RateLimitPolicy.requestsPerMinute(limit))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("requests_per_minute"));
    }

    @Test
    void givenNonPositiveTokenLimits_policy_isRefusedNamingEachField() {
        assertThatThrownBy(() -> new RateLimitPolicy(1, OptionalLong.of(0), OptionalLong.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("tokens_per_minute"));
        assertThatThrownBy(() -> new RateLimitPolicy(1, OptionalLong.empty(), OptionalLong.of(-5)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("monthly_token_quota"));
    }
}

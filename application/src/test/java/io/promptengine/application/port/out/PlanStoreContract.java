package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PlanStore} does. */
public abstract class PlanStoreContract {

    private static final Plan TEAM = Plan.custom("team",
            new RateLimitPolicy(300, OptionalLong.of(90_000), OptionalLong.of(10_000_000_000L)));

    private PlanStore store;

    /** A new, empty store; called before each test. */
    protected abstract PlanStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void givenInsertedPlan_find_returnsEveryLimit() {
        store.insert(TEAM);

        assertThat(store.find("team")).contains(TEAM);
    }

    @Test
    void givenPlanWithRequestLimitOnly_find_keepsTheTokenLimitsAbsent() {
        Plan small = Plan.custom("small", RateLimitPolicy.requestsPerMinute(5));
        store.insert(small);

        assertThat(store.find("small")).contains(small);
        assertThat(store.find("small").orElseThrow().policy().tokensPerMinute()).isEmpty();
    }

    @Test
    void givenNoSuchPlan_find_isEmpty() {
        store.insert(TEAM);

        assertThat(store.find("gold")).isEmpty();
    }

    @Test
    void givenEmptyStore_list_holdsNoBuiltInPlan() {
        assertThat(store.list()).isEmpty();
        assertThat(store.find("free")).isEmpty();
    }

    @Test
    void givenSeveralPlans_list_isInNameOrder() {
        store.insert(Plan.custom("zeta", RateLimitPolicy.requestsPerMinute(1)));
        store.insert(TEAM);
        store.insert(Plan.custom("alpha", RateLimitPolicy.requestsPerMinute(2)));

        assertThat(store.list()).extracting(Plan::name).containsExactly("alpha", "team", "zeta");
    }

    @Test
    void givenTakenName_insert_isConflictAndKeepsTheFirstPlan() {
        store.insert(TEAM);

        assertThatThrownBy(() -> store.insert(Plan.custom("team", RateLimitPolicy.requestsPerMinute(1))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("team");
        assertThat(store.find("team")).contains(TEAM);
    }
}

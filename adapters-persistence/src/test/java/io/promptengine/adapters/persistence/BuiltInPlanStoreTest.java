package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.ratelimit.Plan;
import org.junit.jupiter.api.Test;

class BuiltInPlanStoreTest {

    private final BuiltInPlanStore plans = new BuiltInPlanStore();

    @Test
    void find_servesFreeProAndEnterprise() {
        assertThat(plans.find("free")).contains(Plan.FREE);
        assertThat(plans.find("pro")).contains(Plan.PRO);
        assertThat(plans.find("enterprise")).contains(Plan.ENTERPRISE);
    }

    @Test
    void givenAnyOtherName_find_isEmpty() {
        assertThat(plans.find("gold")).isEmpty();
        assertThat(plans.find("FREE")).isEmpty();
    }
}

package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.Operator;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanServiceTest {

    private static final RateLimitPolicy TEAM_POLICY = new RateLimitPolicy(300, OptionalLong.of(50_000),
            OptionalLong.empty());

    private final InMemoryPlanStore store = new InMemoryPlanStore();
    private final PlanService plans =
            new PlanService(store, new AuditTrail(new SequentialIdGenerator(), new FakeClock()));

    @Test
    void givenEmptyStore_list_isTheThreeBuiltIns() {
        assertThat(plans.list()).containsExactly(Plan.FREE, Plan.PRO, Plan.ENTERPRISE);
    }

    @Test
    void givenNewName_create_storesACustomPlanListedAfterTheBuiltIns() {
        Plan team = plans.create(Operator.NO_REQUEST, new CreatePlanCommand("team", TEAM_POLICY));

        assertThat(team).isEqualTo(Plan.custom("team", TEAM_POLICY));
        assertThat(store.find("team")).contains(team);
        assertThat(plans.list()).extracting(Plan::name).containsExactly("free", "pro", "enterprise", "team");
    }

    @ParameterizedTest
    @ValueSource(strings = {"free", "pro", "enterprise"})
    void givenBuiltInName_create_isConflictAndStoresNothing(String name) {
        assertThatThrownBy(() -> plans.create(Operator.NO_REQUEST, new CreatePlanCommand(name, TEAM_POLICY)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Plan '" + name + "' is built in and cannot be redefined");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void givenTakenName_create_isConflict() {
        plans.create(Operator.NO_REQUEST, new CreatePlanCommand("team", TEAM_POLICY));

        assertThatThrownBy(() -> plans.create(Operator.NO_REQUEST,
                new CreatePlanCommand("team", RateLimitPolicy.requestsPerMinute(1))))
                .isInstanceOf(ConflictException.class);
        assertThat(plans.get("team").policy()).isEqualTo(TEAM_POLICY);
    }

    @Test
    void givenBuiltInOrStoredName_get_findsIt() {
        plans.create(Operator.NO_REQUEST, new CreatePlanCommand("team", TEAM_POLICY));

        assertThat(plans.get("pro")).isEqualTo(Plan.PRO);
        assertThat(plans.get("team").policy()).isEqualTo(TEAM_POLICY);
    }

    @Test
    void givenUnknownName_get_isNotFoundNamingIt() {
        assertThatThrownBy(() -> plans.get("gold"))
                .isInstanceOf(NotFoundException.class).hasMessage("Plan 'gold' not found");
    }

    @Test
    void givenBadName_command_isRefusedOnName() {
        assertThatThrownBy(() -> new CreatePlanCommand("Gold Plan", TEAM_POLICY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"));
    }
}

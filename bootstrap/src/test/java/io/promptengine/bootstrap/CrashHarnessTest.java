package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.bootstrap.CrashHarness.Moment;
import io.promptengine.bootstrap.CrashHarness.Plan;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrashHarnessTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 10, 20})
    void givenThreeOrMoreRounds_plans_killAtEveryMomentAtLeastOnce(int rounds) {
        List<Plan> plans = CrashHarness.plans(42, rounds, 40, 3000);

        Map<Moment, Long> kills = plans.stream().collect(Collectors.groupingBy(Plan::moment, Collectors.counting()));
        assertThat(plans).hasSize(rounds);
        assertThat(kills).containsOnlyKeys(Moment.values()).allSatisfy((moment, count) -> assertThat(count).isPositive());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, -4824610980269014242L})
    void givenTenRounds_plans_killFourTimesDuringTheBurstAndThreeTimesAtEachMomentAfterIt(long seed) {
        Map<Moment, Long> kills = CrashHarness.plans(seed, 10, 40, 3000).stream()
                .collect(Collectors.groupingBy(Plan::moment, Collectors.counting()));

        assertThat(kills).containsExactlyInAnyOrderEntriesOf(Map.of(Moment.DURING_BURST, 4L, Moment.RIGHT_AFTER, 3L,
                Moment.SECONDS_AFTER, 3L));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 10})
    void givenTheSameSeed_plans_areTheSame(int rounds) {
        Function<Long, List<Plan>> plans = seed -> CrashHarness.plans(seed, rounds, 40, 3000);

        assertThat(plans.apply(99L)).isEqualTo(plans.apply(99L));
    }
}

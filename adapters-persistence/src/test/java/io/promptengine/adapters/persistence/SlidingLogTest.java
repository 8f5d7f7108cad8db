package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlidingLogTest {

    private static final long WINDOW = 60;

    @Test
    void events_countUntilAndNotAtOneWindowLater() {
        SlidingLog log = new SlidingLog(WINDOW, 1);
        log.add(10, 1);
        log.add(20, 2);

        log.evict(69);
        assertThat(log.sum()).isEqualTo(3);
        log.evict(70);
        assertThat(log.sum()).isEqualTo(2);
        log.evict(80);
        assertThat(log.isEmpty()).isTrue();
    }

    @Test
    void manyEvents_growTheRingAndKeepTheirOrder() {
        SlidingLog log = new SlidingLog(WINDOW, 1);
        for (int t = 0; t < 50; t++) {
            log.add(t, 1);
        }
        log.evict(70);
        for (int t = 50; t < 100; t++) {
            log.add(t, 1);
        }

        assertThat(log.sum()).isEqualTo(89);
        assertThat(log.whenSumBelow(89)).isEqualTo(11 + WINDOW);
        assertThat(log.whenSumBelow(1)).isEqualTo(99 + WINDOW);
    }

    @Test
    void eventsAtTheSameTime_shareAnEntryAndLeaveTogether() {
        SlidingLog log = new SlidingLog(WINDOW, 1);
        log.add(5, 1);
        log.add(5, 1);
        log.add(6, 1);

        assertThat(log.whenSumBelow(3)).isEqualTo(5 + WINDOW);
        assertThat(log.whenSumBelow(2)).isEqualTo(5 + WINDOW);
        assertThat(log.whenSumBelow(1)).isEqualTo(6 + WINDOW);
    }

    @Test
    void anEventBeforeTheNewest_joinsTheNewest() {
        SlidingLog log = new SlidingLog(WINDOW, 1);
        log.add(30, 1);
        log.add(10, 1);

        log.evict(89);
        assertThat(log.sum()).isEqualTo(2);
    }

    @Test
    void givenAGranularity_timesAreRoundedUpToIt() {
        SlidingLog log = new SlidingLog(WINDOW, 10);
        log.add(1, 4);
        log.add(10, 5);
        log.add(11, 6);

        assertThat(log.whenSumBelow(15)).isEqualTo(10 + WINDOW);
        assertThat(log.whenSumBelow(7)).isEqualTo(10 + WINDOW);
        assertThat(log.whenSumBelow(6)).isEqualTo(20 + WINDOW);
    }

    @Test
    void givenASumBelowTheBound_whenSumBelow_isRefused() {
        SlidingLog log = new SlidingLog(WINDOW, 1);
        log.add(1, 2);

        assertThatThrownBy(() -> log.whenSumBelow(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.add(2, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

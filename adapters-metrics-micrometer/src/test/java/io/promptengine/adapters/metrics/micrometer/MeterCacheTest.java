package io.promptengine.adapters.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger registrations = new AtomicInteger();
    private final MeterCache<Counter> cache = new MeterCache<>(values -> {
        registrations.incrementAndGet();
        return Counter.builder("test.calls").tags("route", values.get(0), "status", values.get(1)).register(registry);
    });

    @Test
    void givenSameLabelValues_of_registersOnceAndReturnsThatMeter() {
        Counter first = cache.of("/v1/a", "200");
        Counter again = cache.of(new String("/v1/a"), new String("200"));

        assertThat(again).isSameAs(first);
        assertThat(registrations).hasValue(1);
    }

    @Test
    void givenOtherLabelValues_of_registersAMeterOfTheirOwnInTheGivenOrder() {
        cache.of("/v1/a", "200").increment();
        cache.of("/v1/a", "404").increment(2);

        assertThat(registrations).hasValue(2);
        assertThat(registry.get("test.calls").tags("route", "/v1/a", "status", "404").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("test.calls").tags("route", "/v1/a", "status", "200").counter().count())
                .isEqualTo(1.0);
    }
}

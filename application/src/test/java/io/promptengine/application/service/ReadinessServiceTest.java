package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.FakeHealthCheck;
import io.promptengine.application.port.in.CheckReadinessUseCase.Readiness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessServiceTest {

    private final FakeHealthCheck database = new FakeHealthCheck("database");
    private final FakeHealthCheck queue = new FakeHealthCheck("queue");
    private final ReadinessService readiness = new ReadinessService(List.of(database, queue));

    @Test
    void givenEveryCheckUp_readiness_isReadyListingEachCheck() {
        assertThat(readiness.readiness()).isEqualTo(new Readiness(true, Map.of("database", "up", "queue", "up")));
    }

    @Test
    void givenNoChecks_readiness_isReady() {
        assertThat(new ReadinessService(List.of()).readiness()).isEqualTo(new Readiness(true, Map.of()));
    }

    @Test
    void givenFailingCheck_readiness_isNotReadyAndSaysWhy() {
        database.fail("connection refused");

        assertThat(readiness.readiness())
                .isEqualTo(new Readiness(false, Map.of("database", "connection refused", "queue", "up")));
    }

    @Test
    void givenCheckRecovered_readiness_isReadyAgain() {
        database.fail("connection refused");
        readiness.readiness();
        database.recover();

        assertThat(readiness.readiness().ready()).isTrue();
    }

    @Test
    void givenStopping_readiness_isNotReadyEvenWithEveryCheckUp() {
        readiness.markStopping();

        assertThat(readiness.readiness()).isEqualTo(
                new Readiness(false, Map.of("lifecycle", "stopping", "database", "up", "queue", "up")));
    }
}

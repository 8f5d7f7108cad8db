package io.promptengine.adapters.http;

import io.promptengine.application.port.in.CheckReadinessUseCase;
import java.util.Map;

/** Answers whatever verdict the test sets. */
final class FakeReadiness implements CheckReadinessUseCase {

    static final Readiness READY = new Readiness(true, Map.of("database", "up"));

    volatile Readiness verdict = READY;

    void reset() {
        verdict = READY;
    }

    @Override
    public Readiness readiness() {
        return verdict;
    }
}

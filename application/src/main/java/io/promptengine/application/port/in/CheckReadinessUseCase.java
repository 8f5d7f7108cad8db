package io.promptengine.application.port.in;

import java.util.Map;

/** Whether this instance should receive traffic: its dependencies answer and it is not shutting down. */
public interface CheckReadinessUseCase {

    Readiness readiness();

    /** The verdict and, per check, {@code "up"} or why it is down. */
    record Readiness(boolean ready, Map<String, String> checks) {
        public Readiness {
            checks = Map.copyOf(checks);
        }
    }
}

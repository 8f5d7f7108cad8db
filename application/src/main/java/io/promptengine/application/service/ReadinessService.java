package io.promptengine.application.service;

import io.promptengine.application.port.in.CheckReadinessUseCase;
import io.promptengine.application.port.out.HealthCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Ready when every check passes and shutdown has not begun. */
public final class ReadinessService implements CheckReadinessUseCase {

    private final List<HealthCheck> checks;
    private volatile boolean stopping;

    public ReadinessService(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** From now on the instance reports not ready, so load balancers drain it before it stops. */
    public void markStopping() {
        stopping = true;
    }

    @Override
    public Readiness readiness() {
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = !stopping;
        if (stopping) {
            results.put("lifecycle", "stopping");
        }
        for (HealthCheck check : checks) {
            Optional<String> problem = check.problem();
            results.put(check.name(), problem.orElse("up"));
            ready &= problem.isEmpty();
        }
        return new Readiness(ready, results);
    }
}

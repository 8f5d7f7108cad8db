package io.promptengine.application.fakes;

import io.promptengine.application.port.out.HealthCheck;
import java.util.Objects;
import java.util.Optional;

/** A dependency check that is healthy until a test says otherwise. Thread-safe. */
public final class FakeHealthCheck implements HealthCheck {

    private final String name;
    private volatile Optional<String> problem = Optional.empty();

    public FakeHealthCheck(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> problem() {
        return problem;
    }

    public void fail(String why) {
        problem = Optional.of(why);
    }

    public void recover() {
        problem = Optional.empty();
    }
}

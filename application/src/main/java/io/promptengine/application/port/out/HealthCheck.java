package io.promptengine.application.port.out;

import java.util.Optional;

/** A dependency that must answer for the instance to be ready, such as the database. */
public interface HealthCheck {

    String name();

    /** Empty when healthy; otherwise why not, in words safe to show an operator (no credentials). */
    Optional<String> problem();
}

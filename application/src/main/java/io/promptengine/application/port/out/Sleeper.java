package io.promptengine.application.port.out;

import java.time.Duration;

/** Waits; a port so that tests of retry policies neither sleep nor depend on timing. */
public interface Sleeper {

    /** Returns after {@code duration}, or throws when the waiting thread is interrupted (its flag set again). */
    void sleep(Duration duration) throws InterruptedException;
}

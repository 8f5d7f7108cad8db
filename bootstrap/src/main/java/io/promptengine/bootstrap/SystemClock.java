package io.promptengine.bootstrap;

import io.promptengine.application.port.out.Clock;
import java.time.Instant;

/** Wall-clock time. */
final class SystemClock implements Clock {

    @Override
    public Instant now() {
        return Instant.now();
    }
}

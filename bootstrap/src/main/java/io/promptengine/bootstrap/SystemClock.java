package io.promptengine.bootstrap;

import io.promptengine.application.port.out.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Wall-clock time at the precision the database keeps (microseconds), so an execution reads back exactly as the
 * response that created it showed it.
 */
final class SystemClock implements Clock {

    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

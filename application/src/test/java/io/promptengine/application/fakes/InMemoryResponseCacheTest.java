package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.application.port.out.ResponseCacheContract;
import java.time.Duration;

class InMemoryResponseCacheTest extends ResponseCacheContract {

    private final FakeClock clock = new FakeClock();

    @Override
    protected ResponseCache newCache() {
        return new InMemoryResponseCache(clock);
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }
}

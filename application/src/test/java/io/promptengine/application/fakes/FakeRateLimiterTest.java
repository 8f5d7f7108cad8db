package io.promptengine.application.fakes;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.RateLimiterContract;

class FakeRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter newLimiter() {
        return new FakeRateLimiter();
    }
}

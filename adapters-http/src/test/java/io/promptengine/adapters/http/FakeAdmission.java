package io.promptengine.adapters.http;

import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.ratelimit.Allowance;
import java.time.Instant;

/** Admits every request with {@link #ALLOWANCE}, or refuses with what a test sets; remembers whom it was asked for. */
final class FakeAdmission implements AdmitRequestUseCase {

    /** Resets at 10:16:30.250, which the header rounds up to 1748513791. */
    static final Allowance ALLOWANCE = new Allowance(60, 42, Instant.parse("2025-05-29T10:16:30.250Z"));

    volatile RuntimeException refusal;
    volatile Caller lastCaller;

    void reset() {
        refusal = null;
        lastCaller = null;
    }

    @Override
    public Allowance admit(Caller caller) {
        lastCaller = caller;
        if (refusal != null) {
            throw refusal;
        }
        return ALLOWANCE;
    }
}

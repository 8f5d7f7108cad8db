package io.promptengine.application.port.in;

import io.promptengine.domain.ratelimit.Allowance;

/**
 * The gate of every route that runs a prompt, called after authentication and before any other work: the key
 * must hold the {@code execute} scope, the request must fit the tenant's plan (requests per minute) and the key's
 * own lower limit if it has one, and the plan's token limits must not be used up.
 */
public interface AdmitRequestUseCase {

    /**
     * Counts one request of {@code caller}, or refuses it with a {@code LimitExceededException} ({@code 429}):
     * {@code rate_limited} counts nothing; {@code quota_exceeded} is decided after the request counted.
     *
     * @return the tightest request limit's figures, for the response headers
     */
    Allowance admit(Caller caller);
}

package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.model.CacheStatus;
import io.promptengine.domain.error.InvalidInputException;
import java.util.Optional;

/** The response cache on the wire: {@code x-cache-bypass} in, {@code X-Cache: HIT | MISS | BYPASS} out. */
final class CacheHeaders {

    static final String BYPASS_HEADER = "x-cache-bypass";
    static final String STATUS_HEADER = "X-Cache";

    private CacheHeaders() {
    }

    /** {@code x-cache-bypass: true}; absent or {@code false} is no bypass, anything else a 400. */
    static boolean bypass(Context ctx) {
        String value = ctx.header(BYPASS_HEADER);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidInputException(BYPASS_HEADER, "Header 'x-cache-bypass' must be 'true' or 'false'");
    }

    /** Sets {@code X-Cache} on a cacheable answer; an answer the cache had no part in carries none. */
    static void set(Context ctx, Optional<CacheStatus> status) {
        status.ifPresent(it -> ctx.header(STATUS_HEADER, it.name()));
    }
}

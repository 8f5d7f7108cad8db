package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.TenantId;
import java.time.YearMonth;

/**
 * Tokens used per tenant per calendar month (UTC), for plans with a monthly quota. It survives a restart. An
 * adapter may batch its writes and cache its reads for a moment: {@link #total} shows this instance's own
 * {@link #add}s at once, another instance's shortly after.
 */
public interface MonthlyTokenUsage {

    /** Adds {@code tokens} (zero or more) to the tenant's total for {@code month}. */
    void add(TenantId tenant, YearMonth month, long tokens);

    /** The tenant's tokens in {@code month}; zero when it used none. */
    long total(TenantId tenant, YearMonth month);
}

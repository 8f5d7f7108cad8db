package io.promptengine.application.port.in;

import io.promptengine.domain.tenant.Tenant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of tenants and the cursor of the next page, absent on the last one. */
public record TenantList(List<Tenant> items, Optional<String> nextCursor) {

    public TenantList {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}

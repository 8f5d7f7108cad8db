package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;

/** New unique identifiers. */
public interface IdGenerator {

    ExecutionId executionId();

    TenantId tenantId();

    ApiKeyId apiKeyId();
}

package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * Every use case a surface of Prompt Engine serves, in the groups a surface takes them by. Built once by the
 * composition root; the HTTP API, and any other surface, is a caller of these and adds no rule of its own.
 *
 * @param webhooks a tenant's webhook endpoints and their deliveries
 * @param readiness whether this instance should be sent traffic; also false from the moment it begins to stop
 */
public record UseCases(
        AccessUseCases access,
        ExecutionUseCases executions,
        StoredPromptUseCases storedPrompts,
        AdministrationUseCases administration,
        ManageWebhooksUseCase webhooks,
        CheckReadinessUseCase readiness) {

    public UseCases {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(executions, "executions");
        Objects.requireNonNull(storedPrompts, "storedPrompts");
        Objects.requireNonNull(administration, "administration");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(readiness, "readiness");
    }
}

package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * What stands before every request: who calls (a tenant's key or the operator's), whether its plan admits one more
 * request now, and whether an idempotency key already stands for an earlier one. Grouped so that a surface (the
 * HTTP routes, an in-process facade) takes the gate as one value and applies it the same way.
 */
public record AccessUseCases(
        AuthenticateUseCase authenticate,
        AuthenticateOperatorUseCase authenticateOperator,
        AdmitRequestUseCase admit,
        IdempotencyUseCase idempotency) {

    public AccessUseCases {
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(authenticateOperator, "authenticateOperator");
        Objects.requireNonNull(admit, "admit");
        Objects.requireNonNull(idempotency, "idempotency");
    }
}

package io.promptengine.application.port.in;

/**
 * Checks the operator key of {@code /v1/admin}. Returns when the secret is the operator key; otherwise refuses
 * with 401 (no key, or an unknown one) or 403 (a tenant's key: valid, but never an operator's).
 */
public interface AuthenticateOperatorUseCase {

    void authenticateOperator(String presentedSecret);

    /**
     * Whether the secret is the operator key, for a route that either key may call ({@code GET /v1/audit-events});
     * false for no secret at all.
     */
    boolean isOperatorKey(String presentedSecret);

    /**
     * A fingerprint of the operator key accepted now, for what must end when the key changes (a console session):
     * the same on every instance with the same key, another one after a rotation. Derived from the key's hash, so
     * it authenticates nothing.
     *
     * @throws IllegalStateException before the key is provisioned
     */
    String operatorKeyFingerprint();
}

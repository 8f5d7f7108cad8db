package io.promptengine.application.service;

import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.ProvisionOperatorKeyUseCase;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.OperatorKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The operator key. A configured one ({@code PE_ADMIN_KEY}) is accepted while it is configured and never stored,
 * and it replaces the generated one for as long as it is set: setting it is how an operator rotates the key.
 * Without it, the generated key's hash is read from the store once, at provisioning, and compared in memory.
 */
public final class OperatorKeyService implements AuthenticateOperatorUseCase, ProvisionOperatorKeyUseCase {

    private final OperatorKeyStore operatorKeys;
    private final ApiKeyStore tenantKeys;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditTrail audit;
    /** Hash of the accepted operator key; {@code null} until provisioned, and then nothing is accepted. */
    private volatile String acceptedHash;

    public OperatorKeyService(OperatorKeyStore operatorKeys, ApiKeyStore tenantKeys, Clock clock,
            SecureRandom random, AuditTrail audit) {
        this.operatorKeys = operatorKeys;
        this.tenantKeys = tenantKeys;
        this.clock = clock;
        this.random = random;
        this.audit = audit;
    }

    @Override
    public Optional<String> provisionOperatorKey(Optional<String> configuredSecret) {
        if (configuredSecret.isPresent()) {
            acceptedHash = ApiKeySecret.of(configuredSecret.get()).hash();
            return Optional.empty();
        }
        Optional<OperatorKey> stored = operatorKeys.find();
        if (stored.isPresent()) {
            acceptedHash = stored.get().secretHash();
            return Optional.empty();
        }
        ApiKeySecret secret = ApiKeySecret.generateOperator(random);
        OperatorKey generated = OperatorKey.of(secret, clock.now());
        OperatorKey winner = operatorKeys.storeIfAbsent(generated, Optional.of(audit.byOperator(Operator.NO_REQUEST,
                Optional.empty(), AuditAction.OPERATOR_KEY_CREATED, generated.prefix(),
                new Changes().created("prefix", generated.prefix()))));
        acceptedHash = winner.secretHash();
        return winner.secretHash().equals(secret.hash()) ? Optional.of(secret.reveal()) : Optional.empty();
    }

    @Override
    public void authenticateOperator(String presentedSecret) {
        if (presentedSecret == null || presentedSecret.isBlank()) {
            throw new AuthenticationException("Missing operator key: send 'Authorization: Bearer <key>', "
                    + "'x-api-key: <key>' or 'api-key: <key>'");
        }
        if (presentedSecret.length() > AuthenticationService.MAX_SECRET_LENGTH) {
            throw invalid();
        }
        if (isOperatorKey(presentedSecret)) {
            return;
        }
        String hash = ApiKeySecret.of(presentedSecret).hash();
        if (tenantKeys.findBySecretHash(hash).filter(key -> key.isUsableAt(clock.now())).isPresent()) {
            throw new PermissionDeniedException(
                    "This is a tenant's API key; managing tenants and plans needs the operator key");
        }
        throw invalid();
    }

    @Override
    public String operatorKeyFingerprint() {
        String accepted = acceptedHash;
        if (accepted == null) {
            throw new IllegalStateException("the operator key is not provisioned yet");
        }
        return ApiKeySecret.hash("operator-key-fingerprint:" + accepted);
    }

    @Override
    public boolean isOperatorKey(String presentedSecret) {
        if (presentedSecret == null || presentedSecret.isBlank()
                || presentedSecret.length() > AuthenticationService.MAX_SECRET_LENGTH) {
            return false;
        }
        String accepted = acceptedHash;
        return accepted != null
                && MessageDigest.isEqual(bytes(ApiKeySecret.of(presentedSecret).hash()), bytes(accepted));
    }

    private static byte[] bytes(String hash) {
        return hash.getBytes(StandardCharsets.US_ASCII);
    }

    private static AuthenticationException invalid() {
        return new AuthenticationException("Invalid operator key");
    }
}

package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.OperatorKey;
import java.util.Optional;

/** The one generated operator key of an installation, shared by every instance on the database. */
public interface OperatorKeyStore {

    Optional<OperatorKey> find();

    /**
     * Stores {@code key} unless a key is stored already, and returns the stored one: {@code key} itself, or the
     * one that was there first (another instance may have generated one at the same moment).
     */
    default OperatorKey storeIfAbsent(OperatorKey key) {
        return storeIfAbsent(key, Optional.empty());
    }

    /**
     * Stores {@code key} as {@link #storeIfAbsent(OperatorKey)} and, in the same transaction, its audit event: the
     * event is stored only when {@code key} is.
     */
    OperatorKey storeIfAbsent(OperatorKey key, Optional<AuditEvent> audit);
}

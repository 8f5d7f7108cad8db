package io.promptengine.application.fakes;

import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.OperatorKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The operator key in a reference; the first store wins. Thread-safe. */
public final class InMemoryOperatorKeyStore implements OperatorKeyStore {

    private final AtomicReference<OperatorKey> stored = new AtomicReference<>();
    private final InMemoryAuditEventStore audit;

    /** With an audit trail of its own, which no one else sees. */
    public InMemoryOperatorKeyStore() {
        this(new InMemoryAuditEventStore());
    }

    /** Appending the audit event of the key it stores to {@code audit}. */
    public InMemoryOperatorKeyStore(InMemoryAuditEventStore audit) {
        this.audit = audit;
    }

    @Override
    public Optional<OperatorKey> find() {
        return Optional.ofNullable(stored.get());
    }

    @Override
    public synchronized OperatorKey storeIfAbsent(OperatorKey key, Optional<AuditEvent> event) {
        OperatorKey first = stored.compareAndExchange(null, key);
        if (first != null) {
            return first;
        }
        event.ifPresent(audit::append);
        return key;
    }
}

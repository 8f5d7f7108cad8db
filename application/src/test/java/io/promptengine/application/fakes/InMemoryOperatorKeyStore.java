package io.promptengine.application.fakes;

import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.domain.tenant.OperatorKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The operator key in a reference; the first store wins. Thread-safe. */
public final class InMemoryOperatorKeyStore implements OperatorKeyStore {

    private final AtomicReference<OperatorKey> stored = new AtomicReference<>();

    @Override
    public Optional<OperatorKey> find() {
        return Optional.ofNullable(stored.get());
    }

    @Override
    public OperatorKey storeIfAbsent(OperatorKey key) {
        OperatorKey first = stored.compareAndExchange(null, key);
        return first == null ? key : first;
    }
}

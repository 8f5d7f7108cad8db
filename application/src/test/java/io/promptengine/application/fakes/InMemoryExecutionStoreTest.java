package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ExecutionStoreContract;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryExecutionStoreTest extends ExecutionStoreContract {

    private static final TenantId ACME = new TenantId("ten_acme");

    @Override
    protected ExecutionStore newStore() {
        return new InMemoryExecutionStore();
    }

    @Test
    void givenActionBeforeNextUpdate_update_letsItWinTheRace() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        Execution queued = SampleExecutions.queued("exec_1", ACME, T0);
        store.insert(queued);
        Execution cancelled = queued.cancel(T0.plusSeconds(1));
        store.beforeNextUpdate(() -> store.update(cancelled, ExecutionStatus.QUEUED));

        ExecutionStore.Write late = store.update(queued.start(T0.plusSeconds(2)), ExecutionStatus.QUEUED);

        assertThat(late).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(store.all()).containsExactly(cancelled);
    }

    @Test
    void givenActionBeforeNextUpdate_laterUpdates_doNotRunItAgain() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        Execution queued = SampleExecutions.queued("exec_1", ACME, T0);
        store.insert(queued);
        AtomicInteger runs = new AtomicInteger();
        store.beforeNextUpdate(runs::incrementAndGet);

        store.update(queued.start(T0.plusSeconds(1)), ExecutionStatus.QUEUED);
        store.update(queued.cancel(T0.plusSeconds(2)), ExecutionStatus.QUEUED);

        assertThat(runs).hasValue(1);
    }
}

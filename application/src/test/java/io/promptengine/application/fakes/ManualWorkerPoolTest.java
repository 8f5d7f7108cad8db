package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.execution.ExecutionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManualWorkerPoolTest {

    private static final ExecutionId ONE = new ExecutionId("exec_1");
    private static final ExecutionId TWO = new ExecutionId("exec_2");

    private final ManualWorkerPool pool = new ManualWorkerPool();

    @Test
    void givenSubmittedWork_pool_runsNothingUntilAsked() {
        List<String> ran = new ArrayList<>();

        pool.submit(ONE, () -> ran.add("one"));
        pool.submit(TWO, () -> ran.add("two"));

        assertThat(ran).isEmpty();
        assertThat(pool.pending()).containsExactly(ONE, TWO);
        assertThat(pool.runNext()).isTrue();
        assertThat(ran).containsExactly("one");
        assertThat(pool.runAll()).isEqualTo(1);
        assertThat(ran).containsExactly("one", "two");
        assertThat(pool.pending()).isEmpty();
        assertThat(pool.submitted()).containsExactly(ONE, TWO);
        assertThat(pool.runNext()).isFalse();
    }

    @Test
    void givenWorkThatSubmitsMore_runAll_runsThatToo() {
        List<String> ran = new ArrayList<>();
        pool.submit(ONE, () -> pool.submit(TWO, () -> ran.add("two")));

        assertThat(pool.runAll()).isEqualTo(2);
        assertThat(ran).containsExactly("two");
    }

    @Test
    void givenRefusingPool_submit_isUnavailable() {
        pool.refuseWork();

        assertThatThrownBy(() -> pool.submit(ONE, () -> { })).isInstanceOf(UnavailableException.class);
        assertThat(pool.pending()).isEmpty();
    }

    @Test
    void givenIdleWork_interrupt_isOnlyRecorded() {
        pool.submit(ONE, () -> { });

        pool.interrupt(ONE);

        assertThat(pool.interrupted()).containsExactly(ONE);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void givenRunningWork_interrupt_interruptsItsThreadAndOnlyForThatWork() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        AtomicBoolean interruptLeakedPastWork = new AtomicBoolean(true);
        pool.submit(ONE, () -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                sawInterrupt.set(true);
                Thread.currentThread().interrupt();
            }
        });
        Thread worker = new Thread(() -> {
            pool.runNext();
            interruptLeakedPastWork.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.isRunning(ONE)).isTrue();

        pool.interrupt(ONE);
        worker.join(5_000);

        assertThat(sawInterrupt).isTrue();
        assertThat(interruptLeakedPastWork).isFalse();
        assertThat(pool.isRunning(ONE)).isFalse();
        assertThat(pool.interrupted()).containsExactly(ONE);
    }
}

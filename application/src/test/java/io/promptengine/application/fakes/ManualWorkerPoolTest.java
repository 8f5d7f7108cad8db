package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.execution.ExecutionId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManualWorkerPoolTest {

    private static final ExecutionId ONE = new ExecutionId("exec_1");
    private static final ExecutionId TWO = new ExecutionId("exec_2");

    private final ManualWorkerPool pool = new ManualWorkerPool();

    @Test
    void givenWakes_pool_countsThem() {
        pool.wake();
        pool.wake();

        assertThat(pool.wakes()).isEqualTo(2);
    }

    @Test
    void givenInterruptOfRunningWork_pool_interruptsItsThreadAndRecordsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread worker = new Thread(() -> pool.runAs(ONE, () -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }));
        worker.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        pool.interrupt(ONE);
        worker.join(5_000);

        assertThat(interrupted).isTrue();
        assertThat(pool.interrupted()).containsExactly(ONE);
        assertThat(pool.isRunning(ONE)).isFalse();
    }

    @Test
    void givenInterruptOfOtherWork_pool_leavesTheRunningThreadAlone() {
        AtomicBoolean interrupted = new AtomicBoolean();

        pool.runAs(ONE, () -> {
            pool.interrupt(TWO);
            interrupted.set(Thread.currentThread().isInterrupted());
        });

        assertThat(interrupted).isFalse();
        assertThat(pool.interrupted()).containsExactly(TWO);
    }

    @Test
    void givenInterruptedWork_runAs_clearsTheFlagForTheNextWork() {
        pool.runAs(ONE, () -> pool.interrupt(ONE));

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}

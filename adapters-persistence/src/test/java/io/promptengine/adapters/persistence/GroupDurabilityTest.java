package io.promptengine.adapters.persistence;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The step here is a stand-in that counts its runs; the first run waits for the test and may fail. */
@Timeout(60)
final class GroupDurabilityTest {

    private final AtomicInteger steps = new AtomicInteger();
    private final CountDownLatch firstStepRunning = new CountDownLatch(1);
    private final CountDownLatch firstStepMayEnd = new CountDownLatch(1);
    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stopWriters() {
        firstStepMayEnd.countDown();
        writers.shutdownNow();
    }

    @Test
    void givenNoStepRunning_afterWrite_runsOneAtOnce() {
        firstStepMayEnd.countDown();

        new GroupDurability(step(false)).afterWrite(null);

        assertThat(steps).hasValue(1);
    }

    @Test
    void givenStepRunning_writersArrivingMeanwhile_shareTheNextStep() throws Exception {
        GroupDurability durability = new GroupDurability(step(false));
        Future<?> first = writers.submit(() -> durability.afterWrite(null));
        assertThat(firstStepRunning.await(30, SECONDS)).isTrue();

        List<Future<?>> later = startWaitingWriters(durability, 3);
        assertThat(later).noneMatch(Future::isDone);
        firstStepMayEnd.countDown();

        first.get(30, SECONDS);
        for (Future<?> writer : later) {
            writer.get(30, SECONDS);
        }
        // not 1: the first step may have started before their commits; not 4: one step covers all three
        assertThat(steps).hasValue(2);
    }

    @Test
    void givenFailingStep_aWriterStillWaiting_runsItAgain() throws Exception {
        GroupDurability durability = new GroupDurability(step(true));
        Future<?> first = writers.submit(() -> durability.afterWrite(null));
        assertThat(firstStepRunning.await(30, SECONDS)).isTrue();
        List<Future<?>> later = startWaitingWriters(durability, 1);
        firstStepMayEnd.countDown();

        assertThatThrownBy(() -> first.get(30, SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("disk full");
        later.get(0).get(30, SECONDS);
        assertThat(steps).hasValue(2);
    }

    /** Counts its runs; the first waits for {@link #firstStepMayEnd} and then fails if {@code firstFails}. */
    private Durability step(boolean firstFails) {
        return handle -> {
            if (steps.incrementAndGet() == 1) {
                firstStepRunning.countDown();
                try {
                    assertThat(firstStepMayEnd.await(30, SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (firstFails) {
                    throw new IllegalStateException("disk full");
                }
            }
        };
    }

    /** Starts writers that call {@code afterWrite} and returns once all of them wait inside it. */
    private List<Future<?>> startWaitingWriters(GroupDurability durability, int count) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CountDownLatch started = new CountDownLatch(1);
            Thread[] self = new Thread[1];
            futures.add(writers.submit(() -> {
                self[0] = Thread.currentThread();
                started.countDown();
                durability.afterWrite(null);
            }));
            assertThat(started.await(30, SECONDS)).isTrue();
            threads.add(self[0]);
        }
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (!threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("writers waiting in time").isLessThan(deadline);
            Thread.sleep(1);
        }
        return futures;
    }
}

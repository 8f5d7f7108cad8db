package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs many copies of a call at once, for contracts that must hold under concurrency. */
final class Race {

    private Race() {
    }

    /** {@code calls} copies of {@code call}, each on a thread of its own, released together; their results. */
    static <T> List<T> of(int calls, Callable<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch ready = new CountDownLatch(calls);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS)); // a hang guard, not a speed bound: loaded CI machines are slow
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}

package io.promptengine.adapters.persistence;

import com.sun.management.OperatingSystemMXBean;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A measurement, not a test: inserts completed executions into an embedded database from many threads, as the
 * sync execute path does, and prints rows per second and process CPU time per row, after a 10 s warm-up. Arguments:
 * {@code [threads] [seconds per round] [rounds] [pool size]}, by default 64, 10, 3 and 16 (a default
 * installation's pool). From the repository root:
 *
 * <pre>
 * mvn -B -q -pl adapters-persistence -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd adapters-persistence &amp;&amp; java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
 *     io.promptengine.adapters.persistence.InsertThroughput 64 10 3
 * </pre>
 */
final class InsertThroughput {

    private static final TenantId TENANT = new TenantId("ten_bench");

    private InsertThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int poolSize = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        Path directory = Files.createTempDirectory("insert-throughput");
        try (Database database = new Database(TestDatabases.url(directory), "", "", poolSize)) {
            run(database.executions(), threads, 10, "warm-up");
            for (int round = 1; round <= rounds; round++) {
                run(database.executions(), threads, seconds, "round " + round);
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void run(ExecutionStore store, int threads, int seconds, String name) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder rows = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new Thread(() -> {
                while (!stop.get()) {
                    store.insert(completed(Instant.now()));
                    rows.increment();
                }
            }));
        }
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1_000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        long inserted = rows.sum();
        System.out.printf("%-8s %3d threads: %8.0f rows/s, %6.1f µs CPU/row, %.2f cores busy%n", name, threads,
                inserted / elapsed, cpu * 1e6 / inserted, cpu / elapsed);
    }

    /** Like the application's: the id starts with the time, so rows arrive in nearly ascending id order. */
    private static Execution completed(Instant now) {
        String id = String.format("exec_%013d%016x", now.toEpochMilli(), ThreadLocalRandom.current().nextLong());
        ExecutionRequest request = new ExecutionRequest(TENANT, new ApiKeyId("key_bench"), Surface.EXECUTE_API,
                Optional.empty(), "local", "echo", "{\"text\":\"Say hello to the benchmark\"}",
                ModelParameters.DEFAULTS, "req_" + id, Optional.empty());
        return Execution.queue(new ExecutionId(id), request, now).start(now)
                .complete(ExecutionOutput.text("Hello, benchmark", FinishReason.STOP), new Usage(12, 4),
                        Optional.of(new BigDecimal("0.000016")), now.plusMillis(2));
    }
}

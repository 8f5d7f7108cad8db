package io.promptengine.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: async executions completed per second by one or two instances with the built-in
 * local model {@code echo}, on H2 (one instance only: the embedded database belongs to one process) or on an
 * embedded PostgreSQL. Two figures: <em>end to end</em>, {@code count} executions queued over the instances from 16
 * client threads while their workers run, until the last one completed (bounded by how fast HTTP accepts them);
 * and <em>drain</em>, {@code count} executions already waiting in the queue when the instances start, until the
 * last one completed (the queue's own rate), with the CPU the drain took per execution in this JVM and in
 * PostgreSQL's processes (how far the cores can go, whatever else runs). Arguments:
 * {@code h2|postgres instances count}. From the repository root:
 *
 * <pre>
 * mvn -B -q -pl bootstrap -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd bootstrap &amp;&amp; java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
 *     io.promptengine.bootstrap.QueueThroughput postgres 2 20000
 * </pre>
 */
public final class QueueThroughput {

    private QueueThroughput() {
    }

    /**
     * Queues {@code count} executions through a loader instance whose only worker hangs on its first one, then
     * stops it; what it held goes back to the queue.
     */
    private static void fill(String url, int count) throws Exception {
        try (QueueCluster loading = new QueueCluster(Map.of("PE_WORKERS", "1"))) {
            int loader = loading.start(url, List.of(QueueModelProvider.hanging()), Map.of()).port().orElseThrow();
            loading.liftDemoLimits(loader);
            loading.submit(count, i -> loader, QueueModelProvider.MODEL, "drain-");
        }
    }

    /**
     * CPU time so far of this JVM and of each process whose command is a PostgreSQL server's (by pid: a backend that
     * ends between two readings takes its time with it, and one that starts counts from zero).
     */
    private record CpuUsed(double javaMillis, double postgresMillis) {
    }

    private record CpuTimes(double javaMillis, Map<Long, Double> postgresMillis) {

        static CpuTimes now() {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            Map<Long, Double> postgres = new java.util.HashMap<>();
            ProcessHandle.allProcesses()
                    .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                    .forEach(process -> postgres.put(process.pid(),
                            process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e6));
            return new CpuTimes(os.getProcessCpuTime() / 1e6, postgres);
        }

        /** Milliseconds of CPU since {@code earlier}: this JVM's and the PostgreSQL processes' still running. */
        CpuUsed since(CpuTimes earlier) {
            double postgres = postgresMillis.entrySet().stream()
                    .mapToDouble(process -> process.getValue() - earlier.postgresMillis.getOrDefault(process.getKey(), 0.0))
                    .sum();
            return new CpuUsed(javaMillis - earlier.javaMillis, postgres);
        }
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "postgres";
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        if (database.equals("h2") && instances != 1) {
            throw new IllegalArgumentException("an embedded H2 database serves one instance");
        }
        try (QueueCluster cluster = new QueueCluster(Map.of())) {
            String url;
            if (database.equals("h2")) {
                Path directory = Files.createTempDirectory("pe-queue-bench-");
                url = "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath();
            } else {
                TestPostgres postgres = TestPostgres.dedicated();
                cluster.closeLater(postgres);
                url = postgres.newDatabaseUrl();
            }
            fill(url, count);
            CpuTimes drainCpu = CpuTimes.now();
            long drainStart = System.nanoTime();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                ports.add(cluster.start(url, List.of(QueueModelProvider.answering(Duration.ZERO)), Map.of()).port().orElseThrow());
            }
            QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", count);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            double drained = count / drainSeconds;
            CpuUsed drainUsed = CpuTimes.now().since(drainCpu);

            // warm-up: a tenth as many, not counted
            cluster.submit(count / 10, i -> ports.get(i % instances), "echo", "warmup-");
            QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'",
                    count + count / 10);

            long start = System.nanoTime();
            cluster.submit(count, i -> ports.get(i % instances), "echo", "run-");
            long queued = System.nanoTime();
            QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'",
                    2 * count + count / 10);
            long done = System.nanoTime();
            System.out.printf("%s, %d instance(s), Java %d, %s threads: drain %.0f executions/s; end to end %d "
                    + "executions queued in %.1f s, all completed after %.1f s: %.0f executions/s%n", database,
                    instances, Runtime.version().feature(), Threads.virtualThreadsAvailable() ? "virtual" : "platform",
                    drained, count, (queued - start) / 1e9, (done - start) / 1e9, count / ((done - start) / 1e9));
            System.out.printf("drain CPU per execution: this JVM (instances and client) %.3f ms, PostgreSQL's "
                    + "processes %.3f ms; %.2f + %.2f cores busy%n", drainUsed.javaMillis() / count,
                    drainUsed.postgresMillis() / count, drainUsed.javaMillis() / 1000 / drainSeconds,
                    drainUsed.postgresMillis() / 1000 / drainSeconds);
        }
    }
}

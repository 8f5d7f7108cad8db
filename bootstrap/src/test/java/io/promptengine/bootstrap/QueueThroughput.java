package io.promptengine.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: async executions completed per second by one or two instances with the built-in
 * local model {@code echo}, on H2 (one instance only: the embedded database belongs to one process) or on an
 * embedded PostgreSQL. It queues {@code count} executions over the instances from 16 client threads while their
 * workers run, and prints how long queueing took and how long until the last one completed. Arguments:
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
                QueuePostgres postgres = QueuePostgres.dedicated();
                cluster.closeLater(postgres);
                url = postgres.newDatabase();
            }
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                ports.add(cluster.start(url, List.of(), Map.of()).port());
                if (i == 0) {
                    cluster.liftDemoLimits(ports.get(0));
                }
            }
            // warm-up: a tenth as many, not counted
            cluster.submit(count / 10, i -> ports.get(i % instances), "echo", "warmup-");
            QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", count / 10);

            long start = System.nanoTime();
            cluster.submit(count, i -> ports.get(i % instances), "echo", "run-");
            long queued = System.nanoTime();
            QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'",
                    count / 10 + count);
            long done = System.nanoTime();
            System.out.printf("%s, %d instance(s), Java %d, %s threads: %d executions queued in %.1f s, all "
                    + "completed after %.1f s: %.0f executions/s%n", database, instances, Runtime.version().feature(),
                    Threads.virtualThreadsAvailable() ? "virtual" : "platform", count, (queued - start) / 1e9,
                    (done - start) / 1e9, count / ((done - start) / 1e9));
        }
    }
}

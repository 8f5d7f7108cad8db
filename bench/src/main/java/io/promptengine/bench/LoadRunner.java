package io.promptengine.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one phase of load over a fixed set of connections, one platform thread per connection.
 *
 * <p>Open loop ({@code rate > 0}): request {@code i} is due at {@code start + i / rate}. A thread takes
 * the next index, parks until it is due (or sends at once if it is late), and records latency from
 * the due time, not from when it could send: when the server stalls, the requests that should have
 * gone out meanwhile are charged the wait (no coordinated omission). The phase sends exactly
 * {@code rate x duration} requests, or stops at {@code duration + drain} and reports the rest as
 * unsent.
 *
 * <p>Closed loop ({@code rate == 0}): each thread sends its next request as soon as it has the previous
 * answer, until {@code duration} ends; latency is the response time.
 */
final class LoadRunner {

    /** Figures of one phase. Latencies in microseconds. */
    static final class PhaseResult {
        final Histogram latency = new Histogram(3);
        final Histogram service = new Histogram(3);
        /** Open loop: how late a request went out after its due time (driver lag or no free connection). */
        final Histogram sendLag = new Histogram(3);
        /** How much a 1 ms sleep of an otherwise idle driver thread overslept: stalls of the machine/JVM. */
        final Histogram hiccups = new Histogram(3);
        long ok;
        long sent;
        long scheduled;
        long elapsedNanos;
        final Map<String, Long> errors = new TreeMap<>();

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        double throughput() {
            return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
        }
    }

    private final Connection[] connections;
    private volatile boolean stop;

    LoadRunner(Connection[] connections) {
        this.connections = connections;
    }

    /** Asks the running phase to stop early (server died, or the driver is shutting down). */
    void stop() {
        stop = true;
    }

    /**
     * Runs a phase. Returns when every thread has finished, or after its hard end plus the request
     * timeout, whichever is first (then stuck sockets are closed).
     *
     * @param rate requests per second, or 0 for closed loop
     * @param watchdog polled every 200 ms; returning false stops the phase
     */
    PhaseResult run(int rate, double durationS, double drainS, int timeoutMs, BooleanSupplier watchdog)
            throws InterruptedException {
        int n = connections.length;
        long durationNanos = (long) (durationS * 1e9);
        long total = rate > 0 ? Math.round(rate * durationS) : Long.MAX_VALUE;
        AtomicLong next = new AtomicLong();
        Worker[] workers = new Worker[n];
        Thread[] threads = new Thread[n];
        long start = System.nanoTime() + 5_000_000; // a moment to start the threads
        long softEnd = start + durationNanos;
        long hardEnd = rate > 0 ? softEnd + (long) (drainS * 1e9) : softEnd;
        for (int i = 0; i < n; i++) {
            Worker w = new Worker(connections[i], rate, start, softEnd, hardEnd, total, next);
            workers[i] = w;
            threads[i] = new Thread(null, w, "load-" + i, 256 * 1024);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        HiccupMeter meter = new HiccupMeter(start, softEnd);
        Thread meterThread = new Thread(null, meter, "hiccup-meter", 128 * 1024);
        meterThread.setDaemon(true);
        meterThread.start();
        long joinDeadline = hardEnd + timeoutMs * 1_000_000L + 2_000_000_000L;
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() < joinDeadline) {
                t.join(200);
                if (!stop && !watchdog.getAsBoolean()) {
                    stop = true;
                }
            }
        }
        boolean stuck = false;
        for (Thread t : threads) {
            stuck |= t.isAlive();
        }
        if (stuck) { // bounded: unblock reads by closing sockets
            stop = true;
            for (Connection c : connections) {
                if (c instanceof SocketConnection s) {
                    s.abort();
                }
            }
            for (Thread t : threads) {
                t.join(5000);
            }
        }
        meterThread.join(2000);
        PhaseResult r = new PhaseResult();
        r.hiccups.add(meter.histogram);
        long lastDone = start;
        for (Worker w : workers) {
            { // Thread.join() publishes the worker's fields
                r.latency.add(w.latency);
                r.service.add(w.service);
                r.sendLag.add(w.sendLag);
                r.ok += w.ok;
                r.sent += w.sent;
                for (int s = 0; s < w.statusCounts.length; s++) {
                    if (w.statusCounts[s] > 0) {
                        r.errors.merge(s == Connection.BAD_BODY - 1000 ? "200 without status completed"
                                : Integer.toString(s), w.statusCounts[s], Long::sum);
                    }
                }
                w.ioErrors.forEach((k, v) -> r.errors.merge("io: " + k, v, Long::sum));
                lastDone = Math.max(lastDone, w.lastDone);
            }
        }
        r.scheduled = rate > 0 ? total : r.sent;
        if (r.scheduled > r.sent) {
            r.errors.put("unsent (behind schedule or stopped)", r.scheduled - r.sent);
        }
        r.elapsedNanos = rate > 0 ? Math.max(durationNanos, lastDone - start) : Math.max(1, lastDone - start);
        stop = false;
        return r;
    }

    private final class Worker implements Runnable {
        final Connection conn;
        final int rate;
        final long start;
        final long softEnd;
        final long hardEnd;
        final long total;
        final AtomicLong next;
        final Histogram latency = new Histogram(3);
        final Histogram service = new Histogram(3);
        final Histogram sendLag = new Histogram(3);
        /** Error statuses by code; index 200 holds the bad-body count (BAD_BODY - 1000). */
        final long[] statusCounts = new long[600];
        final Map<String, Long> ioErrors = new HashMap<>();
        long ok;
        long sent;
        long lastDone;

        Worker(Connection conn, int rate, long start, long softEnd, long hardEnd, long total, AtomicLong next) {
            this.conn = conn;
            this.rate = rate;
            this.start = start;
            this.softEnd = softEnd;
            this.hardEnd = hardEnd;
            this.total = total;
            this.next = next;
        }

        @Override
        public void run() {
            long now;
            while ((now = System.nanoTime()) < start) {
                LockSupport.parkNanos(start - now);
            }
            if (rate > 0) {
                openLoop();
            } else {
                closedLoop();
            }
        }

        private void openLoop() {
            double nanosPerRequest = 1e9 / rate;
            while (!stop) {
                long i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                long due = start + (long) (i * nanosPerRequest);
                long now;
                while ((now = System.nanoTime()) < due && !stop) {
                    LockSupport.parkNanos(due - now);
                }
                if (stop || now >= hardEnd) {
                    return;
                }
                sendLag.recordValue(Math.max(0, (now - due) / 1000));
                one(due, now);
            }
        }

        private void closedLoop() {
            long now;
            while (!stop && (now = System.nanoTime()) < softEnd) {
                if (!one(now, now)) {
                    LockSupport.parkNanos(10_000_000); // do not spin on a refused connection
                }
            }
        }

        /** Sends one request; records it. Returns false on an I/O error. */
        private boolean one(long due, long sendAt) {
            sent++;
            int status;
            try {
                status = conn.exchange();
            } catch (IOException e) {
                lastDone = System.nanoTime();
                ioErrors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                return false;
            }
            long done = System.nanoTime();
            lastDone = done;
            if (status == 200) {
                ok++;
                latency.recordValue(Math.max(1, (done - due) / 1000));
                service.recordValue(Math.max(1, (done - sendAt) / 1000));
            } else {
                int idx = status == Connection.BAD_BODY ? status - 1000 : status;
                statusCounts[idx >= 0 && idx < statusCounts.length ? idx : 599]++;
            }
            return true;
        }
    }

    /** jHiccup's idea in small: sleep 1 ms, record the oversleep, until the phase ends. */
    private final class HiccupMeter implements Runnable {
        final Histogram histogram = new Histogram(3);
        final long start;
        final long end;

        HiccupMeter(long start, long end) {
            this.start = start;
            this.end = end;
        }

        @Override
        public void run() {
            long now;
            while ((now = System.nanoTime()) < start) {
                LockSupport.parkNanos(start - now);
            }
            while (!stop && now < end) {
                LockSupport.parkNanos(1_000_000);
                long after = System.nanoTime();
                histogram.recordValue(Math.max(0, (after - now - 1_000_000) / 1000));
                now = after;
            }
        }
    }
}

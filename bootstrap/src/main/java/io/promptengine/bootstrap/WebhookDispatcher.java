package io.promptengine.bootstrap;

import io.promptengine.application.service.WebhookDeliveryWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's webhook delivery workers: each thread runs rounds of {@link WebhookDeliveryWorker#deliverDue},
 * and waits the poll interval after a round that found nothing due. A failing round (the database away) is
 * logged once per outage and retried at the next poll. {@link #close} lets each thread finish the attempt in hand
 * (an attempt is bounded by the sender's timeouts) for a grace period, then interrupts it; a delivery whose
 * attempt was cut short keeps its lease until it expires and is attempted again, with the same {@code webhook-id}.
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryWorker worker;
    private final Duration poll;
    private final Duration grace;
    private final List<Thread> threads = new ArrayList<>();
    /** What idle workers wait on between polls; {@link #close} wakes them. */
    private final Object idle = new Object();
    private volatile boolean stopping;
    private volatile boolean failing;

    private WebhookDispatcher(WebhookDeliveryWorker worker, Duration poll, Duration grace) {
        this.worker = worker;
        this.poll = poll;
        this.grace = grace;
    }

    /** Starts {@code count} workers; none for 0, when other instances deliver. */
    static WebhookDispatcher start(WebhookDeliveryWorker worker, int count, Duration poll, Duration grace) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(worker, poll, grace);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(dispatcher::run, "pe-webhook-delivery-" + i);
            thread.setDaemon(true);
            dispatcher.threads.add(thread);
            thread.start();
        }
        return dispatcher;
    }

    private void run() {
        while (!stopping) {
            int delivered;
            try {
                delivered = worker.deliverDue();
                if (failing) {
                    failing = false;
                    LOG.info("Webhook delivery works again");
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Webhook delivery failed; retrying every {}: {}", poll, e.toString());
                }
                delivered = 0;
            }
            if (delivered == 0 && !pause()) {
                return;
            }
        }
    }

    /** Waits the poll interval; false once {@link #close} has begun. */
    private boolean pause() {
        synchronized (idle) {
            if (stopping) {
                return false;
            }
            try {
                idle.wait(Math.max(1, poll.toMillis()));
            } catch (InterruptedException e) {
                return false;
            }
            return !stopping;
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            stopping = true;
            idle.notifyAll();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread thread : threads) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                thread.join(left);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
    }
}

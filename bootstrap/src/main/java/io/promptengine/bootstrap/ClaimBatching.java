package io.promptengine.bootstrap;

import java.time.Duration;

/**
 * When a dispatcher claims, so that a busy queue is claimed in batches rather than one transaction per freed slot.
 * While the last claim found all it asked for (the queue may hold more), a claim waits until a batch of slots is
 * free, or until {@code linger} has passed since the first of them freed; once a claim found fewer than it asked
 * for (the queue ran dry) or failed, the next one claims at once whatever is free, so an execution queued on an
 * idle instance starts without delay. Used by the dispatcher's thread alone; times are {@link System#nanoTime}.
 */
final class ClaimBatching {

    /** The most slots one batch waits for. */
    static final int MAX_BATCH = 16;

    private final int batch;
    private final long lingerNanos;
    private boolean queueFull;
    private boolean lingering;
    private long lingeringSince;

    /** A batch is a quarter of {@code slots}, from 1 to {@link #MAX_BATCH}. */
    ClaimBatching(int slots, Duration linger) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        this.batch = Math.max(1, Math.min(MAX_BATCH, slots / 4));
        this.lingerNanos = linger.toNanos();
    }

    int batch() {
        return batch;
    }

    /** Whether to claim for {@code free} slots at {@code now}; if not, {@link #nextClaimAt} says when to. */
    boolean claimNow(int free, long now) {
        if (free <= 0) {
            lingering = false;
            return false;
        }
        if (!queueFull || free >= batch) {
            lingering = false;
            return true;
        }
        if (!lingering) {
            lingering = true;
            lingeringSince = now;
        }
        if (now - lingeringSince >= lingerNanos) {
            lingering = false;
            return true;
        }
        return false;
    }

    /** How long from {@code now} until a lingering slot claims anyway; {@code Long.MAX_VALUE} if none lingers. */
    long nanosUntilClaim(long now) {
        return lingering ? Math.max(0, lingeringSince + lingerNanos - now) : Long.MAX_VALUE;
    }

    /** A claim that asked for {@code asked} executions found {@code found}. */
    void claimed(int asked, int found) {
        queueFull = found >= asked;
    }

    /** A claim failed: the next one does not wait for a batch. */
    void failed() {
        queueFull = false;
        lingering = false;
    }
}

package io.promptengine.adapters.persistence;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;

/**
 * A durability step shared by concurrent writers: a writer waits for the first step that starts after its commit,
 * and runs it itself if no step is running. Writers that commit while a step runs are all covered by the next one,
 * so under load each step serves many writes instead of each write paying its own. A step that fails is run again
 * by one of the writers still waiting for it; the writer that ran it gets the failure.
 */
final class GroupDurability implements Durability {

    private final Durability step;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stepEnded = lock.newCondition();
    /** Guarded by {@link #lock}: steps started, the number of the last that succeeded, whether one is running. */
    private long started;
    private long succeeded;
    private boolean running;

    GroupDurability(Durability step) {
        this.step = step;
    }

    @Override
    public void afterWrite(Handle handle) {
        lock.lock();
        try {
            // a running step may have started before our commit; the next one to start cannot have
            long needed = started + 1;
            while (succeeded < needed) {
                if (running) {
                    stepEnded.awaitUninterruptibly();
                } else {
                    runStep(handle);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs one step without holding the lock; called and returns with it held. */
    private void runStep(Handle handle) {
        running = true;
        long number = ++started;
        boolean ok = false;
        lock.unlock();
        try {
            step.afterWrite(handle);
            ok = true;
        } finally {
            lock.lock();
            running = false;
            if (ok) {
                succeeded = number;
            }
            stepEnded.signalAll();
        }
    }
}

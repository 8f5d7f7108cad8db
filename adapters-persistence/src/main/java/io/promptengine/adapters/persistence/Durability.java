package io.promptengine.adapters.persistence;

import org.jdbi.v3.core.Handle;

/**
 * What a store does after a committed write so that the write survives the process dying once the store method
 * returns, as {@code ExecutionStore} promises.
 */
@FunctionalInterface
interface Durability {

    /** A server database (PostgreSQL) has made the transaction durable by the time its commit returns. */
    Durability ON_COMMIT = handle -> {
    };

    /**
     * H2 writes commits to its file from a background thread, up to {@code WRITE_DELAY} later; that thread also
     * compacts the file, so it must keep running. {@code CHECKPOINT} writes every committed change now, and the
     * commits of concurrent writers share one file write.
     */
    Durability H2_CHECKPOINT = handle -> handle.execute("CHECKPOINT");

    void afterWrite(Handle handle);
}

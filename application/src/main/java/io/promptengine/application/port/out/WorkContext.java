package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.TraceParent;
import java.util.Optional;

/**
 * What the calling thread is working on, as the operator's logs and traces see it: the trace it works in, and the
 * execution it runs. The server keeps both in its tracing and logging context; {@link #NONE} keeps nothing.
 */
public interface WorkContext {

    /** Keeps no context: nothing is traced and log lines name no execution. */
    WorkContext NONE = new WorkContext() {
        @Override
        public Optional<TraceParent> traceParent() {
            return Optional.empty();
        }

        @Override
        public Scope enter(ExecutionId execution) {
            return () -> { };
        }
    };

    /** The trace the calling thread works in, which a new execution records; empty when it is not traced. */
    Optional<TraceParent> traceParent();

    /**
     * The calling thread runs {@code execution} until the returned scope is closed: its log lines name it
     * meanwhile, and what the thread named before is named again afterwards.
     */
    Scope enter(ExecutionId execution);

    /** The span of one {@link #enter}; closing it never throws. */
    interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}

package io.promptengine.application.port.in;

/**
 * Run once at start-up, before serving: executions left {@code queued} by a previous run go back to the
 * workers; ones left {@code running} were cut off mid-call and end {@code failed}.
 */
public interface RecoverExecutionsUseCase {

    Recovery recover();

    /** What recovery did. */
    record Recovery(int requeued, int failed) {
    }
}

package io.promptengine.adapters.http;

import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.execution.Execution;
import java.util.function.Supplier;

/** How the use-case fakes stream: the running execution, then the answer's text a word at a time. */
final class FakeStreams {

    private FakeStreams() {
    }

    /**
     * Streams {@code completed} to {@code observer} and returns it; when {@code failure} makes an exception, it is
     * thrown after the first piece of text, as a provider failing mid-stream would be.
     */
    static Execution stream(Execution completed, StreamObserver observer, Supplier<RuntimeException> failure) {
        observer.started(Execution.queue(completed.id(), completed.request(), completed.createdAt())
                .start(completed.startedAt().orElseThrow()));
        String text = completed.output().orElseThrow().text();
        int from = 0;
        while (from < text.length()) {
            int space = text.indexOf(' ', from);
            int to = space < 0 ? text.length() : space + 1;
            observer.delta(text.substring(from, to));
            from = to;
            RuntimeException problem = failure.get();
            if (problem != null) {
                throw problem;
            }
        }
        return completed;
    }
}

package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;

/** What a sync run throws once the execution its failure ended is stored. */
final class RecordedFailures {

    private RecordedFailures() {
    }

    /** {@code thrown} is {@code failure} itself, told with the id of {@code stored}, the execution it ended. */
    static void assertRecorded(Throwable thrown, PromptEngineException failure, Execution stored) {
        assertThat(thrown).isInstanceOfSatisfying(ExecutionFailedException.class, recorded -> {
            assertThat(recorded.failure()).isSameAs(failure);
            assertThat(recorded.executionId()).isEqualTo(stored.id().value());
            assertThat(recorded.kind()).isEqualTo(failure.kind());
            assertThat(recorded).hasMessage(failure.getMessage());
        });
    }
}

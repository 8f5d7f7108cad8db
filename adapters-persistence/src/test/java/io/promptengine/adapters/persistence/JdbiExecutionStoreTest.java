package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ExecutionStoreContract;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.prompt.ModelParameters;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JdbiExecutionStoreTest extends ExecutionStoreContract {

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected ExecutionStore newStore() {
        database = TestDatabases.open(directory);
        return database.executions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenNanosecondInstants_find_truncatesThemToMicroseconds() {
        Instant created = Instant.parse("2025-03-01T10:15:30.123456999Z");
        Execution running = queued("exec_nanos", TENANT, created).start(created.plusNanos(1));
        store().insert(running);

        Execution found = store().find(running.id()).orElseThrow();

        assertThat(found.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
        assertThat(found.startedAt()).contains(Instant.parse("2025-03-01T10:15:30.123457Z"));
    }

    @Test
    void givenCursorFromTruncatedRow_list_continuesAfterIt() {
        Instant created = Instant.parse("2025-03-01T10:15:30.999999999Z");
        store().insert(queued("exec_1", TENANT, created));
        store().insert(queued("exec_2", TENANT, created));

        var first = store().list(TENANT, ExecutionFilter.NONE, Optional.empty(), 1);
        var second = store().list(TENANT, ExecutionFilter.NONE, first.next(), 1);

        assertThat(first.next()).contains(new PageCursor(Instant.parse("2025-03-01T10:15:30.999999Z"),
                new ExecutionId("exec_2")));
        assertThat(second.items()).extracting(Execution::id).containsExactly(new ExecutionId("exec_1"));
    }

    @Test
    void givenMegabyteInput_find_returnsItWhole() {
        String input = "x".repeat(1_048_576);
        Execution queued = queued("exec_big", TENANT, Instant.parse("2025-03-01T10:15:30Z"));
        ExecutionRequest request = queued.request();
        Execution big = Execution.queue(queued.id(), new ExecutionRequest(request.tenantId(), request.apiKeyId(),
                request.source(), request.promptVersionId(), request.provider(), request.model(), input,
                ModelParameters.DEFAULTS, request.requestId(), request.idempotencyKey()), queued.createdAt());
        store().insert(big);

        assertThat(store().find(big.id()).orElseThrow().request().input()).isEqualTo(input);
    }
}

package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.GLOBEX;
import static io.promptengine.application.service.App.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionQueryServiceTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Caller READER = caller(ACME, Scope.READ);

    private final App app = new App();

    @ParameterizedTest
    @EnumSource(names = {"READ", "EXECUTE"})
    void givenReadOrExecuteScope_get_returnsTheExecution(Scope scope) {
        Execution execution = store(SampleExecutions.queued("exec_1", ACME, T0));

        assertThat(app.getExecution.get(caller(ACME, scope), "exec_1")).isEqualTo(execution);
    }

    @Test
    void givenOnlyManageScope_get_isForbidden() {
        store(SampleExecutions.queued("exec_1", ACME, T0));

        assertThatThrownBy(() -> app.getExecution.get(caller(ACME, Scope.MANAGE), "exec_1"))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'read' or 'execute'");
    }

    @Test
    void givenAnotherTenantsExecution_get_isNotFoundLikeAMissingOne() {
        store(SampleExecutions.queued("exec_1", GLOBEX, T0));

        assertThatThrownBy(() -> app.getExecution.get(READER, "exec_1")).isInstanceOf(NotFoundException.class)
                .hasMessage("Execution 'exec_1' not found");
        assertThatThrownBy(() -> app.getExecution.get(READER, "exec_2")).isInstanceOf(NotFoundException.class)
                .hasMessage("Execution 'exec_2' not found");
    }

    @Test
    void givenMalformedId_get_isNotFound() {
        assertThatThrownBy(() -> app.getExecution.get(READER, "exec_1;drop table")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.getExecution.get(READER, "")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenReadScope_list_returnsTheTenantsExecutionsNewestFirst() {
        store(SampleExecutions.queued("exec_old", ACME, T0));
        store(SampleExecutions.queued("exec_new", ACME, T0.plusSeconds(1)));
        store(SampleExecutions.queued("exec_foreign", GLOBEX, T0.plusSeconds(2)));

        ExecutionList list = app.listExecutions.list(query(ExecutionFilter.NONE, Optional.empty(), 20));

        assertThat(ids(list)).containsExactly("exec_new", "exec_old");
        assertThat(list.nextCursor()).isEmpty();
    }

    @Test
    void givenOnlyExecuteScope_list_isForbidden() {
        ListExecutionsQuery query = new ListExecutionsQuery(caller(ACME, Scope.EXECUTE), ExecutionFilter.NONE,
                Optional.empty(), 20);

        assertThatThrownBy(() -> app.listExecutions.list(query)).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("'read'");
    }

    @Test
    void givenFilter_list_passesItToTheStore() {
        store(SampleExecutions.queued("exec_q", ACME, T0));
        store(SampleExecutions.completed("exec_c", ACME, T0));
        ExecutionFilter completedOnly = new ExecutionFilter(Optional.of(ExecutionStatus.COMPLETED), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(ids(app.listExecutions.list(query(completedOnly, Optional.empty(), 20)))).containsExactly("exec_c");
    }

    @Test
    void givenManyExecutionsSharingCreationTimes_walkingPages_seesEachOnceWithoutGaps() {
        List<String> newestFirst = new ArrayList<>();
        for (int second = 9; second >= 0; second--) {
            for (int n = 2; n >= 0; n--) {
                String id = "exec_" + second + "_" + n;
                store(SampleExecutions.queued(id, ACME, T0.plusSeconds(second)));
                newestFirst.add(id);
            }
        }

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            ExecutionList page = app.listExecutions.list(query(ExecutionFilter.NONE, cursor, 4));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent() && pages < 100);

        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(8);
    }

    @Test
    void givenExecutionCreatedWhilePaging_nextPage_neitherRepeatsNorSkips() {
        for (int i = 1; i <= 6; i++) {
            store(SampleExecutions.queued("exec_" + i, ACME, T0.plusSeconds(i)));
        }
        ExecutionList first = app.listExecutions.list(query(ExecutionFilter.NONE, Optional.empty(), 3));

        store(SampleExecutions.queued("exec_7", ACME, T0.plusSeconds(7)));
        ExecutionList second = app.listExecutions.list(query(ExecutionFilter.NONE, first.nextCursor(), 3));

        assertThat(ids(first)).containsExactly("exec_6", "exec_5", "exec_4");
        assertThat(ids(second)).containsExactly("exec_3", "exec_2", "exec_1");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void givenCursorNotFromThisApi_list_isRefusedOnCursor() {
        for (String cursor : List.of("not-a-cursor!", "Zm9v", "")) {
            assertThatThrownBy(() -> app.listExecutions.list(query(ExecutionFilter.NONE, Optional.of(cursor), 20)))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).contains("cursor"));
        }
    }

    private Execution store(Execution execution) {
        app.executions.insert(execution);
        return execution;
    }

    private static ListExecutionsQuery query(ExecutionFilter filter, Optional<String> cursor, int limit) {
        return new ListExecutionsQuery(READER, filter, cursor, limit);
    }

    private static List<String> ids(ExecutionList list) {
        return list.items().stream().map(e -> e.id().value()).toList();
    }
}

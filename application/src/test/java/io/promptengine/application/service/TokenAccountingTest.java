package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.FakeTokenMeter;
import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** Tokens are charged once per ended execution, on the sync and the async path alike. */
class TokenAccountingTest {

    private static final YearMonth JANUARY = YearMonth.of(2025, 1);
    private static final long TOKENS = FakeModelProvider.USAGE.totalTokens();

    private final App app = new App();

    @Test
    void givenCompletedSyncExecution_itsTokens_areChargedToTheMinuteAndTheMonth() {
        app.executePrompt.execute(command(acme(), "echo"));

        assertThat(app.monthlyTokens.total(ACME, JANUARY)).isEqualTo(TOKENS);
        assertThat(app.tokenMeter.exhaustedUntil(ACME, TOKENS, app.clock.now())).isPresent();
        assertThat(app.tokenMeter.exhaustedUntil(ACME, TOKENS + 1, app.clock.now())).isEmpty();
    }

    @Test
    void givenCompletedAsyncExecution_itsTokens_areChargedOnce() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.runQueued();
        app.runQueued();

        assertThat(app.monthlyTokens.total(ACME, JANUARY)).isEqualTo(TOKENS);
    }

    @Test
    void givenFailedCallWithoutUsage_nothing_isCharged() {
        app.provider.failWith(new UpstreamException("down"));

        assertThatThrownBy(() -> app.executePrompt.execute(command(acme(), "echo")))
                .isInstanceOf(ExecutionFailedException.class).hasCauseInstanceOf(UpstreamException.class);

        assertThat(app.monthlyTokens.total(ACME, JANUARY)).isZero();
    }

    @Test
    void givenTheMonthlyCounterFails_theExecution_stillCompletes() {
        MonthlyTokenUsage broken = new MonthlyTokenUsage() {
            @Override
            public void add(TenantId tenant, YearMonth month, long tokens) {
                throw new IllegalStateException("database gone");
            }

            @Override
            public long total(TenantId tenant, YearMonth month) {
                return 0;
            }
        };
        ExecutionRunner runner = new ExecutionRunner(app.router, app.executions, app.composer, app.schemas, app.clock,
                new TokenAccounting(new FakeTokenMeter(), broken));
        ExecutePromptService executePrompt = new ExecutePromptService(app.router, app.executions, runner, app.workers,
                app.ids, app.clock, app.caching, java.time.Duration.ZERO, app.schemas, app.prompts);

        assertThat(executePrompt.execute(command(acme(), "echo")).execution().status()).isEqualTo(ExecutionStatus.COMPLETED);
    }
}

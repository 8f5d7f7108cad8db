package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.application.port.out.WebhookOutboxContract;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract on H2 and PostgreSQL, and the outbox of an execution's end: every write that ends an execution
 * inserts its deliveries in its own transaction, for the tenant's enabled endpoints that match, once.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiWebhookOutboxTest extends WebhookOutboxContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected Stores newStores() {
        database = engine.open(directory);
        return new Stores(database.webhooks(), database.webhookOutbox());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private List<WebhookOutbox.Claimed> claimAll() {
        return database.webhookOutbox().claim("worker", 100, NOW.plus(Duration.ofDays(1)), LEASE);
    }

    @Test
    void anExecutionEndedByUpdate_queuesOneDeliveryPerMatchingEnabledEndpoint_onlyWhenTheUpdateApplied() {
        Webhook all = webhook("wh_all", ACME);
        Webhook failures = new Webhook(new io.promptengine.domain.webhook.WebhookId("wh_failures"), ACME,
                all.url(), EnumSet.of(EventType.EXECUTION_FAILED), Optional.empty(), Optional.empty(), "", true,
                Optional.empty(), all.secret(), Optional.empty(), Optional.empty(), NOW, NOW);
        Webhook disabled = webhook("wh_disabled", ACME).disable("by its owner", NOW);
        Webhook otherSurface = new Webhook(new io.promptengine.domain.webhook.WebhookId("wh_chat"), ACME, all.url(),
                EventType.subscribable(), Optional.empty(), Optional.of(Surface.CHAT_API), "", true, Optional.empty(),
                all.secret(), Optional.empty(), Optional.empty(), NOW, NOW);
        Webhook otherEndpoint = new Webhook(new io.promptengine.domain.webhook.WebhookId("wh_ep"), ACME, all.url(),
                EventType.subscribable(), Optional.of(new EndpointId("ep_x")), Optional.empty(), "", true,
                Optional.empty(), all.secret(), Optional.empty(), Optional.empty(), NOW, NOW);
        for (Webhook hook : List.of(all, failures, disabled, otherSurface, otherEndpoint)) {
            database.webhooks().insert(hook, Optional.empty());
        }
        ExecutionStore executions = database.executions();
        Execution running = SampleExecutions.running("exec_ended", ACME, NOW);
        executions.insert(running);
        assertThat(claimAll()).isEmpty();

        Execution completed = running.complete(io.promptengine.domain.execution.ExecutionOutput.text("hi",
                io.promptengine.domain.prompt.FinishReason.STOP), io.promptengine.domain.execution.Usage.NONE,
                Optional.empty(), NOW.plusSeconds(1));
        assertThat(executions.update(completed, ExecutionStatus.RUNNING)).isEqualTo(ExecutionStore.Write.APPLIED);
        assertThat(executions.update(running.cancel(NOW.plusSeconds(2)), ExecutionStatus.RUNNING))
                .isEqualTo(ExecutionStore.Write.STALE);

        List<WebhookOutbox.Claimed> claimed = claimAll();
        assertThat(claimed).singleElement().satisfies(each -> {
            Delivery delivery = each.delivery();
            assertThat(delivery.id()).isEqualTo("evt_exec_ended.wh_all");
            assertThat(delivery.eventId()).isEqualTo(Delivery.eventId(completed.id()));
            assertThat(delivery.type()).isEqualTo(EventType.EXECUTION_COMPLETED);
            assertThat(delivery.executionId()).contains(completed.id());
            assertThat(delivery.occurredAt()).isEqualTo(NOW.plusSeconds(1));
            assertThat(each.body()).isEmpty();
        });
    }

    @Test
    void aTerminalInsert_aFinish_andAReclaimThatFails_eachQueueTheirEvent() {
        database.webhooks().insert(webhook("wh_all", ACME), Optional.empty());
        ExecutionStore executions = database.executions();
        ExecutionQueue queue = database.executionQueue();
        executions.insert(SampleExecutions.completed("exec_sync", ACME, NOW));
        executions.insert(SampleExecutions.queued("exec_async", ACME, NOW));
        executions.insert(SampleExecutions.queued("exec_lost", ACME, NOW.plusMillis(1)));
        List<Execution> running = queue.claim("worker", 2, NOW, LEASE);
        assertThat(running).hasSize(2);
        Execution async = running.stream().filter(each -> each.id().value().equals("exec_async")).findFirst()
                .orElseThrow();
        assertThat(queue.finish(async.fail(new ExecutionError("provider_error", "down"),
                io.promptengine.domain.execution.Usage.NONE, NOW.plusSeconds(1))))
                .isEqualTo(ExecutionStore.Write.APPLIED);
        queue.reclaim(NOW.plus(LEASE).plusSeconds(1), 1, new ExecutionError("worker_lost", "lost"), 10);

        assertThat(claimAll()).extracting(each -> each.delivery().id() + " " + each.delivery().type().wireName())
                .containsExactlyInAnyOrder("evt_exec_sync.wh_all execution.completed",
                        "evt_exec_async.wh_all execution.failed", "evt_exec_lost.wh_all execution.failed");
    }

    @Test
    void aDeliveryNotYetRendered_keepsItsExecutionFromRetention_untilItsBodyIsAttached() {
        database.webhooks().insert(webhook("wh_all", ACME), Optional.empty());
        database.executions().insert(SampleExecutions.completed("exec_old", ACME, NOW));
        Instant later = NOW.plus(Duration.ofDays(40));
        try (ExecutionRetention retention = database.startRetention(Duration.ofDays(30), Duration.ofDays(1),
                () -> Instant.parse("2000-01-01T00:00:00Z"))) {
            assertThat(retention.purge(later)).isZero();
            assertThat(database.executions().find(SampleExecutions.completed("exec_old", ACME, NOW).id()))
                    .isPresent();

            database.webhookOutbox().attach("evt_exec_old.wh_all", "{}".getBytes());
            assertThat(retention.purge(later)).isEqualTo(1);
            assertThat(claimAll()).singleElement().satisfies(each ->
                    assertThat(each.delivery().status()).isEqualTo(DeliveryStatus.PENDING));
        }
    }
}

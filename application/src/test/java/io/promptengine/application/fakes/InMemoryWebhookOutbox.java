package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.WebhookId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deliveries in a map, with the leases and fence of the real outbox; an endpoint's enabled flag is not seen here,
 * so every due delivery is claimable (the worker gives back those of a disabled endpoint). Thread-safe.
 */
public final class InMemoryWebhookOutbox implements WebhookOutbox {

    private record Row(Delivery delivery, Optional<byte[]> body, Optional<String> owner, Optional<Instant> leaseUntil) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized List<Claimed> claim(String owner, int limit, Instant now, Duration lease) {
        List<Claimed> claimed = new ArrayList<>();
        List<Row> due = rows.values().stream()
                .filter(row -> row.delivery().status() == DeliveryStatus.PENDING)
                .filter(row -> row.delivery().nextAttemptAt().map(next -> !next.isAfter(now)).orElse(false))
                .filter(row -> row.leaseUntil().map(until -> until.isBefore(now)).orElse(true))
                .sorted(Comparator.comparing(row -> row.delivery().nextAttemptAt().orElseThrow()))
                .limit(limit).toList();
        for (Row row : due) {
            Delivery d = row.delivery();
            Delivery started = new Delivery(d.id(), d.webhookId(), d.tenantId(), d.eventId(), d.type(),
                    d.executionId(), d.occurredAt(), d.status(), d.attempts() + 1, d.nextAttemptAt(), d.lastAttempt(),
                    d.createdAt());
            rows.put(d.id(), new Row(started, row.body(), Optional.of(owner), Optional.of(now.plus(lease))));
            claimed.add(new Claimed(started, row.body()));
        }
        return claimed;
    }

    @Override
    public synchronized void attach(String deliveryId, byte[] body) {
        Row row = rows.get(deliveryId);
        if (row != null && row.body().isEmpty()) {
            rows.put(deliveryId, new Row(row.delivery(), Optional.of(body.clone()), row.owner(), row.leaseUntil()));
        }
    }

    @Override
    public synchronized ExecutionStore.Write record(String owner, Delivery attempted) {
        Row row = rows.get(attempted.id());
        if (row == null || !row.owner().equals(Optional.of(owner))
                || row.delivery().attempts() != attempted.attempts()) {
            return ExecutionStore.Write.STALE;
        }
        rows.put(attempted.id(), new Row(attempted, row.body(), Optional.empty(), Optional.empty()));
        return ExecutionStore.Write.APPLIED;
    }

    @Override
    public synchronized void release(String owner, Delivery claimed) {
        Row row = rows.get(claimed.id());
        if (row != null && row.owner().equals(Optional.of(owner)) && row.delivery().attempts() == claimed.attempts()) {
            Delivery d = row.delivery();
            rows.put(d.id(), new Row(new Delivery(d.id(), d.webhookId(), d.tenantId(), d.eventId(), d.type(),
                    d.executionId(), d.occurredAt(), d.status(), d.attempts() - 1, d.nextAttemptAt(), d.lastAttempt(),
                    d.createdAt()), row.body(), Optional.empty(), Optional.empty()));
        }
    }

    @Override
    public synchronized void enqueue(Delivery delivery, byte[] body) {
        rows.put(delivery.id(), new Row(delivery, Optional.of(body.clone()), Optional.empty(), Optional.empty()));
    }

    /** Adds a delivery without a body, as the execution store adds those of an execution's end. */
    public synchronized void add(Delivery delivery) {
        rows.put(delivery.id(), new Row(delivery, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Override
    public synchronized List<Delivery> list(TenantId tenant, WebhookId webhook, Optional<String> before, int limit) {
        List<Delivery> all = new ArrayList<>(rows.values().stream().map(Row::delivery)
                .filter(d -> d.tenantId().equals(tenant) && d.webhookId().equals(webhook))
                .sorted(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id).reversed()).toList());
        int from = 0;
        if (before.isPresent()) {
            from = all.stream().map(Delivery::id).toList().indexOf(before.get()) + 1;
            if (from == 0) {
                return List.of();
            }
        }
        return List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
    }

    @Override
    public synchronized Optional<Delivery> find(TenantId tenant, WebhookId webhook, String deliveryId) {
        return Optional.ofNullable(rows.get(deliveryId)).map(Row::delivery)
                .filter(d -> d.tenantId().equals(tenant) && d.webhookId().equals(webhook));
    }

    @Override
    public synchronized Optional<Delivery> retry(TenantId tenant, WebhookId webhook, String deliveryId, Instant now) {
        Optional<Delivery> found = find(tenant, webhook, deliveryId);
        found.ifPresent(d -> {
            Row row = rows.get(deliveryId);
            rows.put(deliveryId, new Row(new Delivery(d.id(), d.webhookId(), d.tenantId(), d.eventId(), d.type(),
                    d.executionId(), d.occurredAt(), DeliveryStatus.PENDING, d.attempts(), Optional.of(now),
                    d.lastAttempt(), d.createdAt()), row.body(), row.owner(), row.leaseUntil()));
        });
        return found.flatMap(d -> find(tenant, webhook, deliveryId));
    }

    /** The stored body of a delivery. */
    public synchronized Optional<byte[]> body(String deliveryId) {
        return Optional.ofNullable(rows.get(deliveryId)).flatMap(Row::body);
    }

    synchronized void deleteOf(WebhookId webhook) {
        rows.values().removeIf(row -> row.delivery().webhookId().equals(webhook));
    }
}

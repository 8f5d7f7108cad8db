package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WebhookOutboxContract;

final class InMemoryWebhookOutboxTest extends WebhookOutboxContract {

    @Override
    protected Stores newStores() {
        InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
        return new Stores(new InMemoryWebhookStore(new InMemoryAuditEventStore(), outbox), outbox);
    }
}

package io.promptengine.application.service;

import io.promptengine.application.fakes.FakeWebhookPayloads;
import io.promptengine.application.fakes.FakeWebhookSender;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryWebhookOutbox;
import io.promptengine.application.fakes.InMemoryWebhookStore;
import io.promptengine.application.wiring.Core;

/** The webhook ports of a core over fakes. */
final class Webhooks {

    private Webhooks() {
    }

    static Core.Webhooks inMemory(InMemoryAuditEventStore audit) {
        InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
        return new Core.Webhooks(new InMemoryWebhookStore(audit, outbox), outbox, new FakeWebhookSender(),
                new FakeWebhookPayloads(), WebhookDeliveryWorker.Settings.defaults());
    }
}

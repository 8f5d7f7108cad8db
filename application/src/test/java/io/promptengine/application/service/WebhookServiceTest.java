package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeWebhookPayloads;
import io.promptengine.application.fakes.FakeWebhookSender;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryWebhookOutbox;
import io.promptengine.application.fakes.InMemoryWebhookStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedWebhook;
import io.promptengine.application.port.in.ManageWebhooksUseCase;
import io.promptengine.application.port.in.NewWebhook;
import io.promptengine.application.port.in.Patch;
import io.promptengine.application.port.in.WebhookChanges;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WebhookServiceTest {

    private static final Caller MANAGER = new Caller(new TenantId("ten_acme"), new ApiKeyId("key_manager"),
            EnumSet.of(Scope.MANAGE), "free", OptionalInt.empty());
    private static final Caller READER = new Caller(new TenantId("ten_acme"), new ApiKeyId("key_reader"),
            EnumSet.of(Scope.READ), "free", OptionalInt.empty());
    private static final Caller OTHER = new Caller(new TenantId("ten_globex"), new ApiKeyId("key_globex"),
            EnumSet.of(Scope.MANAGE), "free", OptionalInt.empty());
    private static final NewWebhook HOOK = new NewWebhook(URI.create("https://hooks.example.com/in"),
            EventType.subscribable(), Optional.empty(), Optional.empty(), "orders");

    private final FakeClock clock = new FakeClock();
    private final InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
    private final InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox();
    private final FakeWebhookSender sender = new FakeWebhookSender().refuseHost("internal.example");
    private final SequentialIdGenerator ids = new SequentialIdGenerator();
    private final ManageWebhooksUseCase service = new WebhookService(new InMemoryWebhookStore(audit, outbox), outbox,
            sender, new FakeWebhookPayloads(), ids, clock, new SecureRandom(), new AuditTrail(ids, clock));

    @Test
    void create_issuesASecretOnce_andAuditsTheEndpointWithoutIt() {
        IssuedWebhook issued = service.create(MANAGER, HOOK);

        assertThat(issued.secret().value()).startsWith("whsec_");
        assertThat(issued.webhook().secret()).isEqualTo(issued.secret());
        AuditEvent event = audit.all().get(0);
        assertThat(event.action()).isEqualTo(AuditAction.WEBHOOK_CREATED);
        assertThat(event.after()).containsEntry("url", "https://hooks.example.com/in")
                .doesNotContainValue(issued.secret().value());
    }

    @Test
    void aUrlTheSenderRefuses_isInvalidInputNamingTheReason() {
        NewWebhook internal = new NewWebhook(URI.create("https://internal.example/x"), EventType.subscribable(),
                Optional.empty(), Optional.empty(), "");

        assertThatThrownBy(() -> service.create(MANAGER, internal)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("private address");
        String id = service.create(MANAGER, HOOK).webhook().id().value();
        assertThatThrownBy(() -> service.update(MANAGER, new WebhookChanges(id,
                Optional.of(URI.create("https://internal.example/y")), Optional.empty(), Patch.keep(), Patch.keep(),
                Optional.empty(), Optional.empty()))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anotherTenantsEndpoint_isNotFound_andReadersCannotWrite() {
        String id = service.create(MANAGER, HOOK).webhook().id().value();

        assertThatThrownBy(() -> service.get(OTHER, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(OTHER, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.test(OTHER, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.get(MANAGER, "ep_not_a_webhook")).isInstanceOf(NotFoundException.class);
        assertThat(service.get(READER, id).id().value()).isEqualTo(id);
        assertThatThrownBy(() -> service.create(READER, HOOK)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void aTenant_hasAtMostTwentyEndpoints() {
        for (int i = 0; i < ManageWebhooksUseCase.MAX_WEBHOOKS; i++) {
            service.create(MANAGER, HOOK);
        }

        assertThatThrownBy(() -> service.create(MANAGER, HOOK)).isInstanceOf(ConflictException.class);
    }

    @Test
    void rotate_keepsTheOldSecretSigningForTheOverlap_withinItsBounds() {
        IssuedWebhook created = service.create(MANAGER, HOOK);
        String id = created.webhook().id().value();

        IssuedWebhook rotated = service.rotateSecret(MANAGER, id, Optional.of(Duration.ofHours(2)));

        assertThat(rotated.secret()).isNotEqualTo(created.secret());
        assertThat(rotated.webhook().signingSecrets(clock.now())).containsExactly(rotated.secret(),
                created.secret());
        assertThat(audit.all()).extracting(AuditEvent::action).contains(AuditAction.WEBHOOK_SECRET_ROTATED);
        assertThatThrownBy(() -> service.rotateSecret(MANAGER, id, Optional.of(Duration.ofDays(8))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void update_canDisableAndEnableAgain_andDeleteRemovesTheDeliveries() {
        String id = service.create(MANAGER, HOOK).webhook().id().value();
        Webhook disabled = service.update(MANAGER, new WebhookChanges(id, Optional.empty(), Optional.empty(),
                Patch.keep(), Patch.keep(), Optional.empty(), Optional.of(false)));
        assertThat(disabled.disabledReason()).contains("disabled by its owner");
        Delivery test = service.test(MANAGER, id);
        assertThat(test.type()).isEqualTo(EventType.WEBHOOK_TEST);
        assertThat(test.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(service.deliveries(MANAGER, id, Optional.empty(), 10)).containsExactly(test);

        service.delete(MANAGER, id);

        assertThatThrownBy(() -> service.deliveries(MANAGER, id, Optional.empty(), 10))
                .isInstanceOf(NotFoundException.class);
        assertThat(outbox.body(test.id())).isEmpty();
    }
}

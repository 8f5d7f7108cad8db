package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedWebhook;
import io.promptengine.application.port.in.ManageWebhooksUseCase;
import io.promptengine.application.port.in.NewWebhook;
import io.promptengine.application.port.in.WebhookChanges;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import io.promptengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A tenant's webhook endpoints. A URL is checked against the outbound rules when it is saved (and again by the
 * sender on every attempt); a secret is made here and shown once; every change is audited, with the secret left
 * out of the summary.
 */
public final class WebhookService implements ManageWebhooksUseCase {

    private static final int MAX_DELIVERIES_PAGE = 100;

    private final WebhookStore webhooks;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final WebhookPayloads payloads;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditTrail audit;

    public WebhookService(WebhookStore webhooks, WebhookOutbox outbox, WebhookSender sender,
            WebhookPayloads payloads, IdGenerator ids, Clock clock, SecureRandom random, AuditTrail audit) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.sender = sender;
        this.payloads = payloads;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
        this.audit = audit;
    }

    @Override
    public IssuedWebhook create(Caller caller, NewWebhook webhook) {
        caller.require(Scope.MANAGE);
        requireAllowed(webhook.url());
        if (webhooks.list(caller.tenantId()).size() >= MAX_WEBHOOKS) {
            throw new ConflictException("A tenant has at most " + MAX_WEBHOOKS + " webhook endpoints; delete one "
                    + "first");
        }
        WebhookSecret secret = WebhookSecret.generate(random);
        Webhook created = valid(() -> Webhook.create(ids.webhookId(), caller.tenantId(), webhook.url(),
                webhook.events(), webhook.endpointFilter(), webhook.surfaceFilter(), webhook.description(), secret,
                clock.now()));
        webhooks.insert(created, Optional.of(audit.byKey(caller, AuditAction.WEBHOOK_CREATED, created.id().value(),
                changes(Optional.empty(), created))));
        return new IssuedWebhook(created, secret);
    }

    @Override
    public List<Webhook> list(Caller caller) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return webhooks.list(caller.tenantId());
    }

    @Override
    public Webhook get(Caller caller, String webhookId) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return find(caller, webhookId);
    }

    @Override
    public Webhook update(Caller caller, WebhookChanges changes) {
        caller.require(Scope.MANAGE);
        Webhook current = find(caller, changes.webhookId());
        changes.url().ifPresent(this::requireAllowed);
        Webhook updated = valid(() -> current.revise(changes.url().orElse(current.url()),
                changes.events().orElse(current.events()), changes.endpointFilter().applyTo(current.endpointFilter()),
                changes.surfaceFilter().applyTo(current.surfaceFilter()),
                changes.description().orElse(current.description()), changes.enabled().orElse(current.enabled()),
                clock.now()));
        webhooks.update(updated, Optional.of(audit.byKey(caller, AuditAction.WEBHOOK_UPDATED, updated.id().value(),
                changes(Optional.of(current), updated))));
        return updated;
    }

    @Override
    public Webhook delete(Caller caller, String webhookId) {
        caller.require(Scope.MANAGE);
        Webhook current = find(caller, webhookId);
        Changes deleted = new Changes().deleted("url", current.url().toString());
        return webhooks.delete(caller.tenantId(), current.id(), Optional.of(audit.byKey(caller,
                        AuditAction.WEBHOOK_DELETED, current.id().value(), deleted)))
                .orElseThrow(() -> notFound(webhookId));
    }

    @Override
    public IssuedWebhook rotateSecret(Caller caller, String webhookId, Optional<Duration> overlap) {
        caller.require(Scope.MANAGE);
        Duration keep = overlap.orElse(NewWebhook.DEFAULT_OVERLAP);
        if (keep.isNegative() || keep.compareTo(NewWebhook.MAX_OVERLAP) > 0) {
            throw new InvalidInputException("overlap", "overlap must be between 0 seconds and "
                    + NewWebhook.MAX_OVERLAP.toDays() + " days");
        }
        Webhook current = find(caller, webhookId);
        WebhookSecret secret = WebhookSecret.generate(random);
        Webhook rotated = current.rotate(secret, keep, clock.now());
        webhooks.update(rotated, Optional.of(audit.byKey(caller, AuditAction.WEBHOOK_SECRET_ROTATED,
                rotated.id().value(), new Changes().created("previous_secret_signs_until",
                        Changes.text(rotated.previousSecret().map(Webhook.PreviousSecret::until))))));
        return new IssuedWebhook(rotated, secret);
    }

    @Override
    public List<Delivery> deliveries(Caller caller, String webhookId, Optional<String> before, int limit) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        if (limit < 1 || limit > MAX_DELIVERIES_PAGE) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + MAX_DELIVERIES_PAGE);
        }
        Webhook webhook = find(caller, webhookId);
        return outbox.list(caller.tenantId(), webhook.id(), before, limit);
    }

    @Override
    public Delivery retry(Caller caller, String webhookId, String deliveryId) {
        caller.require(Scope.MANAGE);
        Webhook webhook = find(caller, webhookId);
        return outbox.retry(caller.tenantId(), webhook.id(), deliveryId, clock.now())
                .orElseThrow(() -> new NotFoundException("Delivery '" + deliveryId + "' not found"));
    }

    @Override
    public Delivery test(Caller caller, String webhookId) {
        caller.require(Scope.MANAGE);
        Webhook webhook = find(caller, webhookId);
        Instant now = clock.now();
        String eventId = ids.eventId();
        Delivery delivery = new Delivery(Delivery.deliveryId(eventId, webhook.id()), webhook.id(),
                webhook.tenantId(), eventId, EventType.WEBHOOK_TEST, Optional.empty(), now, DeliveryStatus.PENDING, 0,
                Optional.of(now), Optional.empty(), now);
        outbox.enqueue(delivery, payloads.test(now, webhook));
        return delivery;
    }

    private Webhook find(Caller caller, String webhookId) {
        if (!WebhookId.isWellFormed(webhookId)) {
            throw notFound(webhookId);
        }
        return webhooks.find(caller.tenantId(), new WebhookId(webhookId)).orElseThrow(() -> notFound(webhookId));
    }

    private void requireAllowed(URI url) {
        if (url.toString().length() > Webhook.MAX_URL_LENGTH) {
            throw new InvalidInputException("url", "url has at most " + Webhook.MAX_URL_LENGTH + " characters");
        }
        sender.refusal(url).ifPresent(reason -> {
            throw new InvalidInputException("url", reason);
        });
    }

    /** The domain's refusal of a value, as the invalid input it is. */
    private static Webhook valid(Supplier<Webhook> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    private static NotFoundException notFound(String webhookId) {
        return new NotFoundException("Webhook '" + webhookId + "' not found");
    }

    /** The fields that differ; every field, as created, when {@code before} is empty. Never a secret. */
    private static Changes changes(Optional<Webhook> before, Webhook after) {
        Changes changes = new Changes();
        field(changes, before, "url", after, webhook -> webhook.url().toString());
        field(changes, before, "events", after, webhook -> webhook.events().stream().map(EventType::wireName)
                .sorted().collect(Collectors.joining(",")));
        field(changes, before, "endpoint_filter", after,
                webhook -> Changes.text(webhook.endpointFilter().map(EndpointId::value)));
        field(changes, before, "surface_filter", after,
                webhook -> Changes.text(webhook.surfaceFilter().map(Surface::wireName)));
        field(changes, before, "description", after, Webhook::description);
        field(changes, before, "enabled", after, webhook -> Boolean.toString(webhook.enabled()));
        return changes;
    }

    private static void field(Changes changes, Optional<Webhook> before, String name, Webhook after,
            Function<Webhook, String> value) {
        if (before.isEmpty()) {
            changes.created(name, value.apply(after));
        } else {
            changes.changed(name, value.apply(before.get()), value.apply(after));
        }
    }
}

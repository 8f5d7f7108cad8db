package io.promptengine.domain.webhook;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's webhook endpoint: where the events of its executions are sent, which of them, and the secret that
 * signs them. Immutable; every change is a new value.
 *
 * <p>A rotated secret keeps signing beside the new one until {@link PreviousSecret#until()}, so a receiver can
 * switch keys without dropping a delivery. An endpoint is disabled by its owner, by a receiver's {@code 410 Gone},
 * or automatically once it has failed without a single success for {@link #AUTO_DISABLE_AFTER}; the reason says
 * which. {@link #failingSince()} is when the current run of failures began.
 *
 * @param endpointFilter only executions of this tenant endpoint, when set
 * @param surfaceFilter only executions started on this surface, when set
 */
public record Webhook(WebhookId id, TenantId tenantId, URI url, Set<EventType> events,
        Optional<EndpointId> endpointFilter, Optional<Surface> surfaceFilter, String description, boolean enabled,
        Optional<String> disabledReason, WebhookSecret secret, Optional<PreviousSecret> previousSecret,
        Optional<Instant> failingSince, Instant createdAt, Instant updatedAt) {

    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    /** How long an endpoint may fail without a success before it is disabled automatically. */
    public static final Duration AUTO_DISABLE_AFTER = Duration.ofDays(5);
    /** Why an endpoint that answered {@code 410 Gone} was disabled. */
    public static final String GONE = "the receiver answered 410 Gone";

    /** A secret rotated out, still signing until {@code until}. */
    public record PreviousSecret(WebhookSecret secret, Instant until) {
        public PreviousSecret {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(until, "until");
        }
    }

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(url, "url");
        if (url.toString().length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("a webhook URL has at most " + MAX_URL_LENGTH + " characters");
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook URL is absolute and names a host");
        }
        events = Collections.unmodifiableSet(events.isEmpty() ? EnumSet.noneOf(EventType.class)
                : EnumSet.copyOf(events));
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a webhook subscribes to at least one event type");
        }
        if (!EventType.subscribable().containsAll(events)) {
            throw new IllegalArgumentException("a webhook subscribes to execution events only");
        }
        Objects.requireNonNull(endpointFilter, "endpointFilter");
        Objects.requireNonNull(surfaceFilter, "surfaceFilter");
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("a description has at most " + MAX_DESCRIPTION_LENGTH
                    + " characters");
        }
        Objects.requireNonNull(disabledReason, "disabledReason");
        if (enabled && disabledReason.isPresent()) {
            throw new IllegalArgumentException("an enabled webhook has no reason to be disabled");
        }
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(previousSecret, "previousSecret");
        Objects.requireNonNull(failingSince, "failingSince");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new, enabled endpoint that has not failed. */
    public static Webhook create(WebhookId id, TenantId tenantId, URI url, Set<EventType> events,
            Optional<EndpointId> endpointFilter, Optional<Surface> surfaceFilter, String description,
            WebhookSecret secret, Instant now) {
        return new Webhook(id, tenantId, url, events, endpointFilter, surfaceFilter, description, true,
                Optional.empty(), secret, Optional.empty(), Optional.empty(), now, now);
    }

    /**
     * The secrets that sign a delivery made at {@code now}: the current one, then the previous one while its overlap
     * lasts.
     */
    public List<WebhookSecret> signingSecrets(Instant now) {
        List<WebhookSecret> secrets = new ArrayList<>(2);
        secrets.add(secret);
        previousSecret.filter(previous -> previous.until().isAfter(now)).ifPresent(previous ->
                secrets.add(previous.secret()));
        return List.copyOf(secrets);
    }

    /** {@code next} signs from now on; the current secret signs beside it for {@code overlap}. */
    public Webhook rotate(WebhookSecret next, Duration overlap, Instant now) {
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative");
        }
        Optional<PreviousSecret> previous = overlap.isZero() ? Optional.empty()
                : Optional.of(new PreviousSecret(secret, now.plus(overlap)));
        return new Webhook(id, tenantId, url, events, endpointFilter, surfaceFilter, description, enabled,
                disabledReason, next, previous, failingSince, createdAt, now);
    }

    /** The owner's changes; enabling an endpoint clears its reason to be disabled and its run of failures. */
    public Webhook revise(URI url, Set<EventType> events, Optional<EndpointId> endpointFilter,
            Optional<Surface> surfaceFilter, String description, boolean enabled, Instant now) {
        boolean reenabled = enabled && !this.enabled;
        return new Webhook(id, tenantId, url, events, endpointFilter, surfaceFilter, description, enabled,
                enabled ? Optional.empty() : disabledReason.or(() -> Optional.of("disabled by its owner")), secret,
                previousSecret, reenabled ? Optional.empty() : failingSince, createdAt, now);
    }

    /** Disabled, saying why; an endpoint already disabled keeps its first reason. */
    public Webhook disable(String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        if (!enabled) {
            return this;
        }
        return new Webhook(id, tenantId, url, events, endpointFilter, surfaceFilter, description, false,
                Optional.of(reason), secret, previousSecret, failingSince, createdAt, now);
    }

    /** Whether an execution event of {@code type}, of {@code endpoint} started on {@code surface}, is sent here. */
    public boolean matches(EventType type, Optional<EndpointId> endpoint, Surface surface) {
        return enabled && events.contains(type)
                && endpointFilter.map(wanted -> endpoint.map(wanted::equals).orElse(false)).orElse(true)
                && surfaceFilter.map(surface::equals).orElse(true);
    }
}

package io.promptengine.application.port.in;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.webhook.EventType;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What {@code PATCH /v1/webhooks/{id}} changes; an absent field, or a kept {@link Patch}, stays as it is. */
public record WebhookChanges(String webhookId, Optional<URI> url, Optional<Set<EventType>> events,
        Patch<EndpointId> endpointFilter, Patch<Surface> surfaceFilter, Optional<String> description,
        Optional<Boolean> enabled) {

    public WebhookChanges {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(url, "url");
        events = events.map(Set::copyOf);
        Objects.requireNonNull(endpointFilter, "endpointFilter");
        Objects.requireNonNull(surfaceFilter, "surfaceFilter");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(enabled, "enabled");
    }
}

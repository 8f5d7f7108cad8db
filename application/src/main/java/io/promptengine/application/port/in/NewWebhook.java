package io.promptengine.application.port.in;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.webhook.EventType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What {@code POST /v1/webhooks} asks for: the URL, the events, the optional filters and a description. */
public record NewWebhook(URI url, Set<EventType> events, Optional<EndpointId> endpointFilter,
        Optional<Surface> surfaceFilter, String description) {

    /** How long a rotated secret signs beside its successor unless the rotation says otherwise. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    /** The longest overlap a rotation may ask for. */
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);

    public NewWebhook {
        Objects.requireNonNull(url, "url");
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        Objects.requireNonNull(endpointFilter, "endpointFilter");
        Objects.requireNonNull(surfaceFilter, "surfaceFilter");
        Objects.requireNonNull(description, "description");
    }
}

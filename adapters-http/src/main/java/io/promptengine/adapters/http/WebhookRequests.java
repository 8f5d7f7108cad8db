package io.promptengine.adapters.http;

import io.promptengine.application.port.in.NewWebhook;
import io.promptengine.application.port.in.Patch;
import io.promptengine.application.port.in.WebhookChanges;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the webhook routes, read strictly (see {@link RequestFields}). In a {@code PATCH}, {@code null}
 * removes a filter.
 */
final class WebhookRequests {

    static final Set<String> CREATE_FIELDS = Set.of("url", "events", "endpoint_id", "surface", "description");
    static final Set<String> UPDATE_FIELDS = Set.of("url", "events", "endpoint_id", "surface", "description",
            "enabled");
    static final Set<String> ROTATE_FIELDS = Set.of("overlap_seconds");
    private static final String EVENT_TYPES = EventType.subscribable().stream().map(EventType::wireName)
            .sorted().collect(Collectors.joining(", "));
    private static final String SURFACES = Arrays.stream(Surface.values()).map(Surface::wireName)
            .collect(Collectors.joining(", "));

    private WebhookRequests() {
    }

    /** {@code {url, events?, endpoint_id?, surface?, description?}}; every execution event by default. */
    static NewWebhook newWebhook(JsonNode body) {
        RequestFields.refuseUnknown(body, CREATE_FIELDS, "url, events, endpoint_id, surface, description");
        return new NewWebhook(url(RequestFields.requiredString(body, "url")),
                body.has("events") ? events(body) : EventType.subscribable(),
                RequestFields.optionalString(body, "endpoint_id").map(WebhookRequests::endpointId),
                RequestFields.optionalString(body, "surface").map(WebhookRequests::surface),
                description(body).orElse(""));
    }

    /** Any of the creation fields and {@code enabled}. */
    static WebhookChanges changes(String webhookId, JsonNode body) {
        RequestFields.refuseUnknown(body, UPDATE_FIELDS, "url, events, endpoint_id, surface, description, enabled");
        return new WebhookChanges(webhookId, RequestFields.optionalString(body, "url").map(WebhookRequests::url),
                body.has("events") ? Optional.of(events(body)) : Optional.empty(),
                patch(body, "endpoint_id", WebhookRequests::endpointId), patch(body, "surface", WebhookRequests::surface),
                description(body), RequestFields.optionalBoolean(body, "enabled"));
    }

    /** {@code {overlap_seconds?}}, an empty body, or none. */
    static Optional<Duration> overlap(Optional<JsonNode> body) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        RequestFields.refuseUnknown(body.get(), ROTATE_FIELDS, "overlap_seconds");
        OptionalLong seconds = RequestFields.optionalLong(body.get(), "overlap_seconds");
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }

    private static URI url(String text) {
        if (text.length() > Webhook.MAX_URL_LENGTH) {
            throw new InvalidInputException("url", "url has at most " + Webhook.MAX_URL_LENGTH + " characters");
        }
        try {
            URI url = new URI(text);
            if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null
                    || url.getRawFragment() != null) {
                throw new InvalidInputException("url", "url must be an absolute http(s) URL with a host, and no "
                        + "user information or fragment");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "url is not a valid URL");
        }
    }

    private static Set<EventType> events(JsonNode body) {
        List<String> names = RequestFields.requiredStringArray(body, "events");
        if (names.isEmpty()) {
            throw new InvalidInputException("events", "events must name at least one of " + EVENT_TYPES);
        }
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            EventType type;
            try {
                type = EventType.fromWire(name);
            } catch (IllegalArgumentException e) {
                type = null;
            }
            if (type == null || !EventType.subscribable().contains(type)) {
                throw new InvalidInputException("events", "events must be among " + EVENT_TYPES + ", not '" + name
                        + "'");
            }
            events.add(type);
        }
        return events;
    }

    private static EndpointId endpointId(String text) {
        if (text.isBlank() || text.length() > 64) {
            throw new InvalidInputException("endpoint_id", "endpoint_id must be an endpoint's id");
        }
        return new EndpointId(text);
    }

    private static Surface surface(String text) {
        try {
            return Surface.fromWire(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("surface", "surface must be one of " + SURFACES);
        }
    }

    private static Optional<String> description(JsonNode body) {
        Optional<String> description = RequestFields.optionalString(body, "description");
        if (description.isPresent() && description.get().length() > Webhook.MAX_DESCRIPTION_LENGTH) {
            throw new InvalidInputException("description", "description has at most "
                    + Webhook.MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    private interface Reader<T> {
        T read(String text);
    }

    /** Absent: kept; {@code null}: removed; a string: set. */
    private static <T> Patch<T> patch(JsonNode body, String field, Reader<T> read) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Patch.keep();
        }
        return value.isNull() ? Patch.clear() : Patch.set(read.read(RequestFields.requiredString(body, field)));
    }
}

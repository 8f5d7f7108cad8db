package io.promptengine.adapters.http;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The query strings of the listing routes ({@code GET /v1/executions}, {@code GET /v1/admin/tenants}). Like request
 * bodies, they are checked strictly: an unknown or repeated parameter is a 400 naming it, so a typo never silently
 * widens a listing.
 */
final class ListParameters {

    static final Set<String> NAMES = Set.of("status", "model", "source", "created_from", "created_before", "limit",
            "cursor");
    private static final String NAME_LIST = "status, model, source, created_from, created_before, limit, cursor";
    private static final String STATUSES = "queued, running, completed, failed, cancelled, timed_out";
    private static final String SOURCES = "execute_api, endpoint, prompt, test, chat_api";

    private ListParameters() {
    }

    static ListExecutionsQuery toQuery(Caller caller, Map<String, List<String>> parameters) {
        requireKnown(parameters, NAMES, NAME_LIST);
        ExecutionFilter filter = new ExecutionFilter(
                value(parameters, "status").map(text -> oneOf("status", text, ExecutionStatus::fromWire, STATUSES)),
                value(parameters, "model"),
                value(parameters, "source").map(text -> oneOf("source", text, Surface::fromWire, SOURCES)),
                value(parameters, "created_from").map(text -> instant("created_from", text)),
                value(parameters, "created_before").map(text -> instant("created_before", text)));
        int limit = value(parameters, "limit").map(text -> limit(text, ListExecutionsQuery.MAX_LIMIT))
                .orElse(ListExecutionsQuery.DEFAULT_LIMIT);
        return new ListExecutionsQuery(caller, filter, value(parameters, "cursor"), limit);
    }

    /** Refuses an unknown, repeated or empty parameter, naming it. */
    static void requireKnown(Map<String, List<String>> parameters, Set<String> names, String nameList) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (!names.contains(name)) {
                throw new InvalidInputException(name,
                        "Query parameter '" + name + "' is not allowed; the parameters are " + nameList);
            }
            if (parameter.getValue().size() != 1) {
                throw new InvalidInputException(name, "Query parameter '" + name + "' must be given once");
            }
            if (parameter.getValue().get(0).isEmpty()) {
                throw new InvalidInputException(name, "Query parameter '" + name + "' must not be empty");
            }
        }
    }

    /** The value of a parameter that {@link #requireKnown} accepted. */
    static Optional<String> value(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The value of a query parameter that names one of a closed set, read by {@code fromWire}; a 400 naming the
     * parameter and listing {@code allowed} when it names none.
     */
    static <T> T oneOf(String parameter, String text, Function<String, T> fromWire, String allowed) {
        try {
            return fromWire.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(parameter, "Query parameter '" + parameter + "' must be one of "
                    + allowed);
        }
    }

    /** RFC 3339: a date, a time and an offset ({@code Z} or {@code ±hh:mm}). */
    static Instant instant(String name, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "Query parameter '" + name
                    + "' must be an RFC 3339 date-time such as 2025-05-29T10:15:30Z");
        }
    }

    /** A page size from 1 to {@code max}. */
    static int limit(String text, int max) {
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", "Query parameter 'limit' must be an integer");
        }
        if (limit < 1 || limit > max) {
            throw new InvalidInputException("limit", "Query parameter 'limit' must be between 1 and " + max);
        }
        return limit;
    }
}

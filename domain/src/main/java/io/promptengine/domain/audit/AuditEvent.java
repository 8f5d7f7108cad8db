package io.promptengine.domain.audit;

import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One management change, recorded when it was made and never changed afterwards. The summary names the changed
 * fields with their values before and after (absent on one side when the target was created or deleted); it is
 * kept small, so each value is cut at {@link #MAX_VALUE_LENGTH} characters, and it must never hold a secret.
 *
 * @param tenant the tenant whose data changed; absent for a change of the whole installation (a plan)
 * @param targetId the changed thing's id (a plan's name)
 * @param requestId the HTTP request that made the change; absent for the command line
 */
public record AuditEvent(
        String id,
        Optional<TenantId> tenant,
        Actor actor,
        AuditAction action,
        String targetId,
        Map<String, String> before,
        Map<String, String> after,
        Instant at,
        Optional<String> requestId) {

    public static final int MAX_FIELDS = 16;
    public static final int MAX_VALUE_LENGTH = 200;
    public static final int MAX_ID_LENGTH = 128;

    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public AuditEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(requestId, "requestId");
        requireId("id", id);
        requireId("targetId", targetId);
        requestId.ifPresent(value -> requireId("requestId", value));
        before = bounded(before);
        after = bounded(after);
    }

    public TargetType targetType() {
        return action.targetType();
    }

    private static void requireId(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must have 1 to " + MAX_ID_LENGTH + " characters");
        }
    }

    private static Map<String, String> bounded(Map<String, String> summary) {
        Objects.requireNonNull(summary, "summary");
        if (summary.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("a summary has at most " + MAX_FIELDS + " fields");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        summary.forEach((field, value) -> {
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("not a summary field name: " + field);
            }
            Objects.requireNonNull(value, field);
            copy.put(field, cut(value));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** At most {@link #MAX_VALUE_LENGTH} characters, an ellipsis marking a cut that never splits a character. */
    private static String cut(String value) {
        if (value.length() <= MAX_VALUE_LENGTH) {
            return value;
        }
        int end = MAX_VALUE_LENGTH - 1;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }
}

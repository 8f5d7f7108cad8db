package io.promptengine.application.model;

import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.TargetType;
import io.promptengine.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Optional conditions on a listing of audit events; all present ones must hold.
 *
 * @param since events at or after this time
 * @param until events strictly before this time
 */
public record AuditFilter(
        Optional<AuditAction> action,
        Optional<TargetType> targetType,
        Optional<String> targetId,
        Optional<Actor> actor,
        Optional<Instant> since,
        Optional<Instant> until) {

    public static final AuditFilter NONE = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public AuditFilter {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new InvalidInputException("until", "Field 'until' must be after 'since'");
        }
    }
}

package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.prompt.PromptVersion;
import java.util.List;
import java.util.Optional;

/**
 * The audit events of a publication, made by the store once it knows, inside its transaction, which version the
 * publication archives.
 */
@FunctionalInterface
public interface PublicationAudit {

    PublicationAudit NONE = archived -> List.of();

    List<AuditEvent> events(Optional<PromptVersion> archived);
}

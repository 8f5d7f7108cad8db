package io.promptengine.application.port.out;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.WebhookId;

/** New unique identifiers. */
public interface IdGenerator {

    ExecutionId executionId();

    TenantId tenantId();

    ApiKeyId apiKeyId();

    EndpointId endpointId();

    /** A random UUID: prompts are addressed by it in public URLs. */
    PromptId promptId();

    PromptVersionId promptVersionId();

    /** An audit event's id ({@code aud_…}). */
    String auditEventId();

    ConversationId conversationId();

    /** A webhook endpoint's id ({@code wh_…}). */
    WebhookId webhookId();

    /** The event id of a {@code webhook.test} ({@code evt_…}); an execution's events take the execution's id. */
    String eventId();

    /** A conversation message's id: a UUID, as in the stored-prompt API's answers. */
    String messageId();
}

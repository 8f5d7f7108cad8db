package io.promptengine.application.fakes;

import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.WebhookId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Predictable ids: {@code exec_000001}, {@code exec_000002}… Zero-padded so that their string order, which stores
 * sort by, is also the order they were made in. Thread-safe.
 */
public final class SequentialIdGenerator implements IdGenerator {

    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong tenants = new AtomicLong();
    private final AtomicLong keys = new AtomicLong();
    private final AtomicLong endpoints = new AtomicLong();
    private final AtomicLong prompts = new AtomicLong();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong auditEvents = new AtomicLong();
    private final AtomicLong webhooks = new AtomicLong();
    private final AtomicLong events = new AtomicLong();

    @Override
    public ExecutionId executionId() {
        return new ExecutionId(next("exec_", executions));
    }

    @Override
    public TenantId tenantId() {
        return new TenantId(next("ten_", tenants));
    }

    @Override
    public ApiKeyId apiKeyId() {
        return new ApiKeyId(next("key_", keys));
    }

    @Override
    public EndpointId endpointId() {
        return new EndpointId(next("ep_", endpoints));
    }

    /** Like {@link #conversationId}, from a counter of its own. */
    @Override
    public PromptId promptId() {
        return new PromptId(uuid(prompts.incrementAndGet()));
    }

    @Override
    public PromptVersionId promptVersionId() {
        return new PromptVersionId(next("pv_", versions));
    }

    /** {@code 00000000-0000-4000-8000-000000000001}, then …02: well-formed UUIDs in creation order. */
    @Override
    public ConversationId conversationId() {
        return new ConversationId(uuid(conversations.incrementAndGet()));
    }

    /** Like {@link #conversationId}, from a counter of its own and with a different variant digit. */
    @Override
    public String auditEventId() {
        return next("aud_", auditEvents);
    }

    @Override
    public String messageId() {
        return uuid(messages.incrementAndGet()).replace("-8000-", "-9000-");
    }

    private static String uuid(long n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    @Override
    public WebhookId webhookId() {
        return new WebhookId(next("wh_", webhooks));
    }

    @Override
    public String eventId() {
        return next("evt_test_", events);
    }

    private static String next(String prefix, AtomicLong counter) {
        return String.format("%s%06d", prefix, counter.incrementAndGet());
    }
}

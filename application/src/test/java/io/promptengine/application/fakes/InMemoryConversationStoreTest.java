package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.ConversationStoreContract;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.tenant.Tenant;

class InMemoryConversationStoreTest extends ConversationStoreContract {

    @Override
    protected ConversationStore newStore() {
        return new InMemoryConversationStore();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        // The in-memory store keeps no reference to tenants.
    }

    @Override
    protected void givenPrompt(Prompt prompt) {
        // Nor to prompts.
    }
}

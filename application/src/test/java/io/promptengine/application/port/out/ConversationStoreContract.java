package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConversationStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class ConversationStoreContract {

    protected static final Tenant TENANT = new Tenant(new TenantId("ten_talks"), "talks", "Talks Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    protected static final Tenant OTHER = new Tenant(new TenantId("ten_other"), "other", "Other Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.000007Z");
    private static final Prompt PROMPT = new Prompt(new PromptId("55555555-5555-4555-8555-555555555555"), TENANT.id(),
            Optional.empty(), "assistant", "", "", List.of(), "", CREATED, CREATED);
    private static final Prompt THEIR_PROMPT = new Prompt(new PromptId("66666666-6666-4666-8666-666666666666"),
            OTHER.id(), Optional.empty(), "assistant", "", "", List.of(), "", CREATED, CREATED);

    private ConversationStore store;

    /** A new, empty store; called before each test. */
    protected abstract ConversationStore newStore();

    /** Makes {@code tenant} known to the store from {@link #newStore}, for stores that check owners. */
    protected abstract void givenTenant(Tenant tenant);

    /** Makes {@code prompt} known to the store from {@link #newStore}, for stores that check owners. */
    protected abstract void givenPrompt(Prompt prompt);

    @BeforeEach
    void createStore() {
        store = newStore();
        givenTenant(TENANT);
        givenTenant(OTHER);
        givenPrompt(PROMPT);
        givenPrompt(THEIR_PROMPT);
    }

    @Test
    void givenInsertedConversation_find_returnsEveryFieldAndMessageInOrder() {
        Conversation conversation = new Conversation(id(1), TENANT.id(), PROMPT.id(), List.of(
                new ConversationMessage("msg_1", Role.USER, "Please analyse this.", Optional.empty(), CREATED),
                new ConversationMessage("msg_2", Role.ASSISTANT, "It reads well.\nTwo lines.", Optional.of("echo"),
                        CREATED.plusSeconds(1))), CREATED, CREATED.plusSeconds(1));
        store.insert(conversation);

        assertThat(store.find(TENANT.id(), conversation.id())).contains(conversation);
    }

    @Test
    void givenConversationWithoutMessages_find_returnsItEmpty() {
        Conversation empty = conversation(2, TENANT, PROMPT);
        store.insert(empty);

        assertThat(store.find(TENANT.id(), empty.id())).contains(empty);
    }

    @Test
    void givenConversationOfAnotherTenant_find_isEmpty() {
        Conversation theirs = conversation(3, OTHER, THEIR_PROMPT);
        store.insert(theirs);

        assertThat(store.find(TENANT.id(), theirs.id())).isEmpty();
        assertThat(store.find(TENANT.id(), id(4))).isEmpty();
        assertThat(store.find(OTHER.id(), theirs.id())).contains(theirs);
    }

    @Test
    void givenConversation_append_addsTheTurnsInOrderAfterTheEarlierOnes() {
        Conversation conversation = conversation(1, TENANT, PROMPT);
        store.insert(conversation);
        ConversationMessage question = turn("msg_q", Role.USER, "Why?", 1);
        ConversationMessage answer = new ConversationMessage("msg_a", Role.ASSISTANT, "Because.", Optional.of("echo"),
                CREATED.plusSeconds(2));
        ConversationMessage followUp = turn("msg_f", Role.USER, "And then?", 3);

        Conversation afterFirst = store.append(TENANT.id(), conversation.id(), List.of(question, answer),
                CREATED.plusSeconds(2));
        Conversation afterSecond = store.append(TENANT.id(), conversation.id(), List.of(followUp),
                CREATED.plusSeconds(3));

        assertThat(afterFirst).isEqualTo(conversation.append(List.of(question, answer), CREATED.plusSeconds(2)));
        assertThat(afterSecond.messages()).containsExactly(question, answer, followUp);
        assertThat(afterSecond.updatedAt()).isEqualTo(CREATED.plusSeconds(3));
        assertThat(afterSecond.createdAt()).isEqualTo(CREATED);
        assertThat(store.find(TENANT.id(), conversation.id())).contains(afterSecond);
    }

    @Test
    void givenConcurrentAppends_append_keepsEachCallsTurnsTogether() throws Exception {
        Conversation conversation = conversation(1, TENANT, PROMPT);
        store.insert(conversation);
        AtomicInteger caller = new AtomicInteger();

        Race.of(8, () -> {
            int n = caller.incrementAndGet();
            return store.append(TENANT.id(), conversation.id(),
                    List.of(turn("q" + n, Role.USER, "question " + n, n), turn("a" + n, Role.ASSISTANT, "answer " + n, n)),
                    CREATED.plusSeconds(n));
        });

        List<ConversationMessage> messages = store.find(TENANT.id(), conversation.id()).orElseThrow().messages();
        assertThat(messages).hasSize(16);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += 2) {
            pairs.add(messages.get(i).id() + "," + messages.get(i + 1).id());
        }
        assertThat(pairs).allMatch(pair -> pair.matches("q(\\d+),a\\1"));
    }

    private static ConversationId id(int n) {
        return new ConversationId(String.format("cccccccc-0000-4000-8000-%012d", n));
    }

    private static Conversation conversation(int n, Tenant tenant, Prompt prompt) {
        return new Conversation(id(n), tenant.id(), prompt.id(), List.of(), CREATED, CREATED);
    }

    private static ConversationMessage turn(String id, Role role, String content, int second) {
        return new ConversationMessage(id, role, content, Optional.empty(), CREATED.plusSeconds(second));
    }
}

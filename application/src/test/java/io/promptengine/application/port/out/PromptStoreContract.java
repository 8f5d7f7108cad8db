package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PromptStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class PromptStoreContract {

    protected static final Tenant TENANT = new Tenant(new TenantId("ten_prompts"), "prompts", "Prompts Inc", "free",
            true, Instant.parse("2025-01-01T00:00:00Z"));
    protected static final Tenant OTHER = new Tenant(new TenantId("ten_other"), "other", "Other Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.654321Z");
    private static final Endpoint SUMMARIZE = endpoint("ep_summarize", TENANT, "/api/v1/summarize");
    private static final Endpoint TRANSLATE = endpoint("ep_translate", TENANT, "/api/v1/translate");
    private static final Endpoint THEIRS = endpoint("ep_theirs", OTHER, "/api/v1/summarize");

    private PromptStore store;

    /** A new, empty store; called before each test. */
    protected abstract PromptStore newStore();

    /** Makes {@code tenant} known to the store from {@link #newStore}, for stores that check owners. */
    protected abstract void givenTenant(Tenant tenant);

    /** Makes {@code endpoint} known to the store from {@link #newStore}, for stores that check owners. */
    protected abstract void givenEndpoint(Endpoint endpoint);

    @BeforeEach
    void createStore() {
        store = newStore();
        givenTenant(TENANT);
        givenTenant(OTHER);
        givenEndpoint(SUMMARIZE);
        givenEndpoint(TRANSLATE);
        givenEndpoint(THEIRS);
    }

    @Test
    void givenInsertedPrompt_find_returnsEveryField() {
        Prompt prompt = new Prompt(id(1), TENANT.id(), Optional.of(SUMMARIZE.id()), "summarize", "Summary",
                "Summarises any text", List.of("text", "multi\nline \\ tag"), "Ada", CREATED, CREATED.plusSeconds(1));
        store.insert(prompt);

        assertThat(store.find(TENANT.id(), prompt.id())).contains(prompt);
        assertThat(store.findByName(TENANT.id(), Optional.of(SUMMARIZE.id()), "summarize")).contains(prompt);
    }

    @Test
    void givenPromptOfNoEndpoint_find_returnsItWithoutTags() {
        Prompt prompt = prompt(2, Optional.empty(), "stored");
        store.insert(prompt);

        assertThat(store.find(TENANT.id(), prompt.id())).contains(prompt);
        assertThat(store.findByName(TENANT.id(), Optional.empty(), "stored")).contains(prompt);
        assertThat(store.findByName(TENANT.id(), Optional.of(SUMMARIZE.id()), "stored")).isEmpty();
    }

    @Test
    void givenNameTakenInTheEndpoint_insert_isConflictAndKeepsTheFirst() {
        Prompt first = prompt(1, Optional.of(SUMMARIZE.id()), "summarize");
        store.insert(first);

        assertThatThrownBy(() -> store.insert(prompt(2, Optional.of(SUMMARIZE.id()), "summarize")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("summarize");
        assertThat(store.find(TENANT.id(), id(2))).isEmpty();
        assertThat(store.findByName(TENANT.id(), Optional.of(SUMMARIZE.id()), "summarize")).contains(first);
    }

    @Test
    void givenNameTakenAmongPromptsOfNoEndpoint_insert_isConflict() {
        store.insert(prompt(1, Optional.empty(), "stored"));

        assertThatThrownBy(() -> store.insert(prompt(2, Optional.empty(), "stored")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.list(TENANT.id(), Optional.empty())).hasSize(1);
    }

    @Test
    void givenSameNameInOtherScopes_insert_acceptsEach() {
        store.insert(prompt(1, Optional.of(SUMMARIZE.id()), "default"));
        store.insert(prompt(2, Optional.of(TRANSLATE.id()), "default"));
        store.insert(prompt(3, Optional.empty(), "default"));
        store.insert(new Prompt(id(4), OTHER.id(), Optional.empty(), "default", "", "", List.of(), "", CREATED,
                CREATED));

        assertThat(store.findByName(TENANT.id(), Optional.of(TRANSLATE.id()), "default")).map(Prompt::id)
                .contains(id(2));
        assertThat(store.findByName(TENANT.id(), Optional.empty(), "default")).map(Prompt::id).contains(id(3));
        assertThat(store.findByName(OTHER.id(), Optional.empty(), "default")).map(Prompt::id).contains(id(4));
    }

    @Test
    void givenPromptOfAnotherTenant_findAndFindByName_areEmpty() {
        Prompt theirs = new Prompt(id(9), OTHER.id(), Optional.of(THEIRS.id()), "theirs", "", "", List.of(), "",
                CREATED, CREATED);
        store.insert(theirs);

        assertThat(store.find(TENANT.id(), theirs.id())).isEmpty();
        assertThat(store.findByName(TENANT.id(), Optional.of(THEIRS.id()), "theirs")).isEmpty();
        assertThat(store.list(TENANT.id(), Optional.of(THEIRS.id()))).isEmpty();
    }

    @Test
    void givenPrompts_list_returnsTheTenantsByNameOptionallyOfOneEndpoint() {
        Prompt b = prompt(1, Optional.of(SUMMARIZE.id()), "b");
        Prompt a = prompt(2, Optional.of(SUMMARIZE.id()), "a");
        Prompt c = prompt(3, Optional.of(TRANSLATE.id()), "c");
        Prompt d = prompt(4, Optional.empty(), "d");
        for (Prompt prompt : List.of(b, a, c, d)) {
            store.insert(prompt);
        }
        store.insert(new Prompt(id(5), OTHER.id(), Optional.empty(), "e", "", "", List.of(), "", CREATED, CREATED));

        assertThat(store.list(TENANT.id(), Optional.empty())).containsExactly(a, b, c, d);
        assertThat(store.list(TENANT.id(), Optional.of(SUMMARIZE.id()))).containsExactly(a, b);
        assertThat(store.list(TENANT.id(), Optional.of(new EndpointId("ep_none")))).isEmpty();
    }

    @Test
    void givenStoredPrompt_update_replacesItsMetadata() {
        Prompt prompt = prompt(1, Optional.of(SUMMARIZE.id()), "before");
        store.insert(prompt);
        Prompt changed = new Prompt(prompt.id(), TENANT.id(), prompt.endpointId(), "after", "Title", "Described",
                List.of("x", "y"), "Grace", CREATED, CREATED.plusSeconds(30));

        store.update(changed);

        assertThat(store.find(TENANT.id(), prompt.id())).contains(changed);
        assertThat(store.findByName(TENANT.id(), prompt.endpointId(), "before")).isEmpty();
    }

    @Test
    void givenNameOfAnotherPrompt_update_isConflictAndKeepsBoth() {
        Prompt one = prompt(1, Optional.empty(), "one");
        Prompt two = prompt(2, Optional.empty(), "two");
        store.insert(one);
        store.insert(two);

        assertThatThrownBy(() -> store.update(prompt(2, Optional.empty(), "one")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.list(TENANT.id(), Optional.empty())).containsExactly(one, two);
    }

    @Test
    void givenDrafts_insertDraft_numbersThemFromOneAndKeepsEveryField() {
        store.insert(prompt(1, Optional.of(SUMMARIZE.id()), "summarize"));
        PromptVersion full = new PromptVersion(new PromptVersionId("pv_full"), id(1), 99, VersionStatus.DRAFT,
                new MessageTemplate(Optional.of("You summarise."), "Summarise {{text}}"), "gpt-4o-mini",
                Optional.of("openai"), new ModelParameters(OptionalDouble.of(0.25), OptionalInt.of(300)),
                Optional.of(new SchemaContract("{\"type\":\"object\"}")), List.of("claude-3-5-haiku", "ollama/llama3.2"),
                CREATED, Optional.empty());

        PromptVersion first = store.insertDraft(full);
        PromptVersion second = store.insertDraft(draft("pv_second", 1));

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(first).isEqualTo(renumbered(full, 1));
        assertThat(store.findVersion(id(1), full.id())).contains(first);
        assertThat(store.findVersion(id(1), second.id())).contains(second);
        assertThat(store.findVersion(id(1), second.id()).orElseThrow().template().system()).isEmpty();
        assertThat(store.findVersion(id(1), second.id()).orElseThrow().provider()).isEmpty();
        assertThat(store.findVersion(id(1), second.id()).orElseThrow().outputSchema()).isEmpty();
    }

    @Test
    void givenDraftsOfTwoPrompts_insertDraft_numbersEachPromptOnItsOwn() {
        store.insert(prompt(1, Optional.empty(), "one"));
        store.insert(prompt(2, Optional.empty(), "two"));

        store.insertDraft(draft("pv_a", 1));
        PromptVersion other = store.insertDraft(draft("pv_b", 2));

        assertThat(other.number()).isEqualTo(1);
        assertThat(store.findVersion(id(1), other.id())).isEmpty();
    }

    @Test
    void givenVersionId_findVersion_findsItWithoutItsPrompt() {
        store.insert(prompt(1, Optional.empty(), "one"));
        PromptVersion version = store.insertDraft(draft("pv_alone", 1));

        assertThat(store.findVersion(version.id())).contains(version);
        assertThat(store.findVersion(new PromptVersionId("pv_missing"))).isEmpty();
    }

    @Test
    void givenConcurrentDrafts_insertDraft_givesEveryOneANumberOfItsOwn() throws Exception {
        store.insert(prompt(1, Optional.empty(), "busy"));
        AtomicInteger next = new AtomicInteger();

        List<Integer> numbers = Race.of(16, () -> store.insertDraft(draft("pv_race_" + next.incrementAndGet(), 1))
                .number());

        assertThat(numbers).containsExactlyInAnyOrderElementsOf(range(1, 16));
        assertThat(store.listVersions(id(1))).extracting(PromptVersion::number)
                .isSortedAccordingTo(Comparator.reverseOrder()).containsExactlyInAnyOrderElementsOf(range(1, 16));
    }

    @Test
    void givenVersions_listVersions_isNewestFirst() {
        store.insert(prompt(1, Optional.empty(), "listed"));
        PromptVersion v1 = store.insertDraft(draft("pv_1", 1));
        PromptVersion v2 = store.insertDraft(draft("pv_2", 1));
        PromptVersion v3 = store.insertDraft(draft("pv_3", 1));

        assertThat(store.listVersions(id(1))).containsExactly(v3, v2, v1);
        assertThat(store.listVersions(id(7))).isEmpty();
    }

    @Test
    void givenDraft_publish_makesItLiveAndArchivesTheLiveOne() {
        store.insert(prompt(1, Optional.empty(), "published"));
        PromptVersion v1 = store.insertDraft(draft("pv_1", 1));
        PromptVersion v2 = store.insertDraft(draft("pv_2", 1));
        assertThat(store.findLive(id(1))).isEmpty();

        PromptVersion live1 = store.publish(id(1), v1.id(), CREATED.plusSeconds(10));
        assertThat(live1).isEqualTo(v1.publish(CREATED.plusSeconds(10)));
        assertThat(store.findLive(id(1))).contains(live1);

        PromptVersion live2 = store.publish(id(1), v2.id(), CREATED.plusSeconds(20));

        assertThat(store.findLive(id(1))).contains(live2);
        assertThat(live2.publishedAt()).contains(CREATED.plusSeconds(20));
        assertThat(store.findVersion(id(1), v1.id())).contains(live1.archive());
        assertThat(store.listVersions(id(1))).extracting(PromptVersion::status)
                .containsExactly(VersionStatus.LIVE, VersionStatus.ARCHIVED);
    }

    @Test
    void givenVersionThatIsNotADraft_publish_isConflictAndChangesNothing() {
        store.insert(prompt(1, Optional.empty(), "twice"));
        PromptVersion v1 = store.insertDraft(draft("pv_1", 1));
        PromptVersion v2 = store.insertDraft(draft("pv_2", 1));
        store.publish(id(1), v1.id(), CREATED.plusSeconds(10));
        store.publish(id(1), v2.id(), CREATED.plusSeconds(20));
        List<PromptVersion> before = store.listVersions(id(1));

        assertThatThrownBy(() -> store.publish(id(1), v2.id(), CREATED.plusSeconds(30)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.publish(id(1), v1.id(), CREATED.plusSeconds(30)))
                .isInstanceOf(ConflictException.class);
        assertThat(store.listVersions(id(1))).isEqualTo(before);
    }

    @Test
    void givenConcurrentPublishesOfDifferentDrafts_publish_leavesExactlyOneLive() throws Exception {
        store.insert(prompt(1, Optional.empty(), "contended"));
        List<PromptVersionId> drafts = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            drafts.add(store.insertDraft(draft("pv_" + i, 1)).id());
        }
        AtomicInteger next = new AtomicInteger();

        Race.of(8, () -> store.publish(id(1), drafts.get(next.getAndIncrement()), CREATED.plusSeconds(5)));

        assertThat(store.listVersions(id(1))).filteredOn(v -> v.status() == VersionStatus.LIVE).hasSize(1);
        assertThat(store.listVersions(id(1))).filteredOn(v -> v.status() == VersionStatus.ARCHIVED).hasSize(7);
    }

    @Test
    void givenConcurrentPublishesOfOneDraft_publish_succeedsOnceAndRefusesTheRest() throws Exception {
        store.insert(prompt(1, Optional.empty(), "once"));
        PromptVersion draft = store.insertDraft(draft("pv_once", 1));

        List<String> outcomes = Race.of(8, () -> {
            try {
                store.publish(id(1), draft.id(), CREATED.plusSeconds(5));
                return "published";
            } catch (ConflictException e) {
                return "conflict";
            }
        });

        assertThat(outcomes).containsOnlyOnce("published").containsOnly("published", "conflict");
        assertThat(store.findLive(id(1))).map(PromptVersion::id).contains(draft.id());
    }

    private static PromptId id(int n) {
        return new PromptId(String.format("00000000-0000-4000-8000-%012d", n));
    }

    private static Prompt prompt(int n, Optional<EndpointId> endpoint, String name) {
        return new Prompt(id(n), TENANT.id(), endpoint, name, "", "", List.of(), "", CREATED, CREATED);
    }

    private static PromptVersion draft(String versionId, int prompt) {
        return PromptVersion.draft(new PromptVersionId(versionId), id(prompt), 1,
                new MessageTemplate(Optional.empty(), "Hello {{name}}"), "echo", Optional.empty(),
                ModelParameters.DEFAULTS, Optional.empty(), List.of(), CREATED);
    }

    private static PromptVersion renumbered(PromptVersion version, int number) {
        return new PromptVersion(version.id(), version.promptId(), number, version.status(), version.template(),
                version.model(), version.provider(), version.parameters(), version.outputSchema(),
                version.fallbackModels(), version.createdAt(), version.publishedAt());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Endpoint endpoint(String id, Tenant tenant, String path) {
        return new Endpoint(new EndpointId(id), tenant.id(), new EndpointPath(path), "",
                new SchemaContract("{\"type\":\"object\"}"), Optional.empty(), Optional.empty(),
                Endpoint.DEFAULT_TIMEOUT, Duration.ZERO, CREATED, CREATED);
    }
}

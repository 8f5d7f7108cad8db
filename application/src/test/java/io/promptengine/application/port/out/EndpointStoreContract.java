package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EndpointStore} does. Instants are whole microseconds and durations whole milliseconds, the
 * finest a store must keep.
 */
public abstract class EndpointStoreContract {

    protected static final Tenant TENANT = new Tenant(new TenantId("ten_endpoints"), "endpoints", "Endpoints Inc",
            "free", true, Instant.parse("2025-01-01T00:00:00Z"));
    protected static final Tenant OTHER = new Tenant(new TenantId("ten_other"), "other", "Other Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final SchemaContract INPUT = new SchemaContract(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}");
    private static final SchemaContract OUTPUT = new SchemaContract(
            "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}}");

    private EndpointStore store;

    /** A new, empty store; called before each test. */
    protected abstract EndpointStore newStore();

    /** The prompt store that shares its data with the store from the last {@link #newStore}. */
    protected abstract PromptStore prompts();

    /** Makes {@code tenant} known to the store from {@link #newStore}, for stores that check an endpoint's owner. */
    protected abstract void givenTenant(Tenant tenant);

    @BeforeEach
    void createStore() {
        store = newStore();
        givenTenant(TENANT);
        givenTenant(OTHER);
    }

    @Test
    void givenInsertedEndpoint_find_returnsEveryField() {
        Endpoint endpoint = new Endpoint(new EndpointId("ep_full"), TENANT.id(), new EndpointPath("/api/v1/summarize"),
                "Summarises text", INPUT, Optional.of(OUTPUT),
                Optional.of(new PromptId("11111111-1111-4111-8111-111111111111")), Duration.ofMillis(30_500),
                Duration.ofMinutes(5), CREATED, CREATED.plusSeconds(1));
        store.insert(endpoint);

        assertThat(store.find(TENANT.id(), endpoint.id())).contains(endpoint);
        assertThat(store.findByPath(TENANT.id(), endpoint.path())).contains(endpoint);
    }

    @Test
    void givenEndpointWithoutOutputSchemaOrDefaultPrompt_find_keepsThemEmpty() {
        Endpoint endpoint = endpoint("ep_bare", TENANT, "/bare");
        store.insert(endpoint);

        Endpoint found = store.find(TENANT.id(), endpoint.id()).orElseThrow();

        assertThat(found).isEqualTo(endpoint);
        assertThat(found.outputSchema()).isEmpty();
        assertThat(found.defaultPrompt()).isEmpty();
        assertThat(found.cacheTtl()).isZero();
    }

    @Test
    void givenPathTakenInTheTenant_insert_isConflictAndKeepsTheFirst() {
        Endpoint first = endpoint("ep_first", TENANT, "/api/v1/summarize");
        store.insert(first);

        assertThatThrownBy(() -> store.insert(endpoint("ep_second", TENANT, "/api/v1/summarize")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("/api/v1/summarize");
        assertThat(store.findByPath(TENANT.id(), first.path())).contains(first);
        assertThat(store.find(TENANT.id(), new EndpointId("ep_second"))).isEmpty();
    }

    @Test
    void givenSamePathInTwoTenants_findByPath_returnsEachTenantsOwn() {
        Endpoint mine = endpoint("ep_mine", TENANT, "/api/v1/summarize");
        Endpoint theirs = endpoint("ep_theirs", OTHER, "/api/v1/summarize");
        store.insert(mine);
        store.insert(theirs);

        assertThat(store.findByPath(TENANT.id(), mine.path())).contains(mine);
        assertThat(store.findByPath(OTHER.id(), mine.path())).contains(theirs);
        assertThat(store.findByPath(TENANT.id(), new EndpointPath("/api/v1/other"))).isEmpty();
    }

    @Test
    void givenEndpointOfAnotherTenant_findAndDelete_areEmptyAndLeaveIt() {
        Endpoint theirs = endpoint("ep_theirs", OTHER, "/theirs");
        store.insert(theirs);

        assertThat(store.find(TENANT.id(), theirs.id())).isEmpty();
        assertThat(store.delete(TENANT.id(), theirs.id())).isEmpty();
        assertThat(store.find(OTHER.id(), theirs.id())).contains(theirs);
    }

    @Test
    void givenEndpointsOfTwoTenants_list_returnsTheTenantsByPath() {
        Endpoint b = endpoint("ep_b", TENANT, "/b");
        Endpoint a = endpoint("ep_a", TENANT, "/a/z");
        store.insert(b);
        store.insert(a);
        store.insert(endpoint("ep_c", OTHER, "/c"));

        assertThat(store.list(TENANT.id())).containsExactly(a, b);
        assertThat(store.list(new TenantId("ten_nobody"))).isEmpty();
    }

    @Test
    void givenStoredEndpoint_update_replacesEveryFieldButIdTenantAndCreation() {
        Endpoint endpoint = endpoint("ep_change", TENANT, "/before");
        store.insert(endpoint);
        Endpoint changed = new Endpoint(endpoint.id(), TENANT.id(), new EndpointPath("/after"), "now described",
                OUTPUT, Optional.of(INPUT), Optional.of(new PromptId("22222222-2222-4222-8222-222222222222")),
                Duration.ofSeconds(5), Duration.ofSeconds(90), CREATED, CREATED.plusSeconds(60));

        store.update(changed);

        assertThat(store.find(TENANT.id(), endpoint.id())).contains(changed);
        assertThat(store.findByPath(TENANT.id(), new EndpointPath("/before"))).isEmpty();
        assertThat(store.findByPath(TENANT.id(), new EndpointPath("/after"))).contains(changed);
    }

    @Test
    void givenPathOfAnotherEndpoint_update_isConflictAndKeepsBoth() {
        Endpoint one = endpoint("ep_one", TENANT, "/one");
        Endpoint two = endpoint("ep_two", TENANT, "/two");
        store.insert(one);
        store.insert(two);

        assertThatThrownBy(() -> store.update(endpoint("ep_two", TENANT, "/one")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.list(TENANT.id())).containsExactly(one, two);
    }

    @Test
    void givenEndpointReadByPath_update_isSeenAtOnceByFindByPath() {
        Endpoint endpoint = endpoint("ep_cached", TENANT, "/cached");
        store.insert(endpoint);
        assertThat(store.findByPath(TENANT.id(), endpoint.path())).contains(endpoint);
        Endpoint changed = new Endpoint(endpoint.id(), TENANT.id(), endpoint.path(), "changed", INPUT,
                Optional.of(OUTPUT), Optional.empty(), Duration.ofSeconds(9), Duration.ZERO, CREATED,
                CREATED.plusSeconds(9));

        store.update(changed);

        assertThat(store.findByPath(TENANT.id(), endpoint.path())).contains(changed);
    }

    @Test
    void givenStoredEndpoint_delete_returnsItAndFreesItsPath() {
        Endpoint endpoint = endpoint("ep_gone", TENANT, "/gone");
        store.insert(endpoint);
        assertThat(store.findByPath(TENANT.id(), endpoint.path())).contains(endpoint);

        assertThat(store.delete(TENANT.id(), endpoint.id())).contains(endpoint);

        assertThat(store.find(TENANT.id(), endpoint.id())).isEmpty();
        assertThat(store.findByPath(TENANT.id(), endpoint.path())).isEmpty();
        assertThat(store.delete(TENANT.id(), endpoint.id())).isEmpty();
        store.insert(endpoint("ep_again", TENANT, "/gone"));
        assertThat(store.findByPath(TENANT.id(), endpoint.path())).map(Endpoint::id)
                .contains(new EndpointId("ep_again"));
    }

    @Test
    void givenEndpointWithPrompts_delete_deletesItsPromptsButNoOthers() {
        Endpoint endpoint = endpoint("ep_parent", TENANT, "/parent");
        store.insert(endpoint);
        Prompt child = prompt("33333333-3333-4333-8333-333333333333", Optional.of(endpoint.id()), "child");
        Prompt loose = prompt("44444444-4444-4444-8444-444444444444", Optional.empty(), "loose");
        prompts().insert(child);
        prompts().insert(loose);

        store.delete(TENANT.id(), endpoint.id());

        assertThat(prompts().find(TENANT.id(), child.id())).isEmpty();
        assertThat(prompts().find(TENANT.id(), loose.id())).contains(loose);
        assertThat(prompts().list(TENANT.id(), Optional.empty())).containsExactly(loose);
    }

    private static Endpoint endpoint(String id, Tenant tenant, String path) {
        return new Endpoint(new EndpointId(id), tenant.id(), new EndpointPath(path), "", INPUT, Optional.empty(),
                Optional.empty(), Endpoint.DEFAULT_TIMEOUT, Duration.ZERO, CREATED, CREATED);
    }

    private static Prompt prompt(String id, Optional<EndpointId> endpoint, String name) {
        return new Prompt(new PromptId(id), TENANT.id(), endpoint, name, "", "", List.of(), "", CREATED, CREATED);
    }
}

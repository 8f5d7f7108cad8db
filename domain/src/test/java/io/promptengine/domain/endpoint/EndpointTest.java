package io.promptengine.domain.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final Instant CREATED = Instant.parse("2025-05-01T09:00:00Z");
    private static final Instant UPDATED = CREATED.plusSeconds(60);
    private static final Instant LATER = UPDATED.plusSeconds(60);
    private static final SchemaContract INPUT = new SchemaContract("{\"type\": \"object\"}");
    private static final SchemaContract OUTPUT = new SchemaContract("{\"type\": \"string\"}");

    private final Endpoint endpoint = new Endpoint(new EndpointId("ep_1"), ACME, new EndpointPath("/summarise"),
            "Summarises", INPUT, Optional.empty(), Optional.empty(), Endpoint.DEFAULT_TIMEOUT, Duration.ZERO,
            CREATED, UPDATED);

    private static Prompt prompt(String id, TenantId tenant, Optional<EndpointId> endpoint) {
        return new Prompt(new PromptId(id), tenant, endpoint, "summary", "Summary", "", List.of(), "ada", CREATED,
                CREATED);
    }

    @Test
    void revise_changesTheDefinitionAndKeepsIdentityCreationAndDefaultPrompt() {
        Endpoint withDefault = endpoint.reviseDefaultPrompt(Optional.of(prompt(
                "00000000-0000-4000-a000-000000000001", ACME, Optional.of(endpoint.id()))), UPDATED);

        Endpoint revised = withDefault.revise(new EndpointPath("/digest"), "Digests", OUTPUT, Optional.of(OUTPUT),
                Duration.ofSeconds(5), Duration.ofMinutes(1), LATER);

        assertThat(revised).isEqualTo(new Endpoint(endpoint.id(), ACME, new EndpointPath("/digest"), "Digests",
                OUTPUT, Optional.of(OUTPUT), withDefault.defaultPrompt(), Duration.ofSeconds(5),
                Duration.ofMinutes(1), CREATED, LATER));
    }

    @Test
    void revise_refusesWhatTheEndpointCouldNotBeCreatedWith() {
        assertThatThrownBy(() -> endpoint.revise(endpoint.path(), endpoint.description(), INPUT, Optional.empty(),
                Endpoint.MAX_TIMEOUT.plusSeconds(1), Duration.ZERO, LATER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("timeout_seconds");
    }

    @Test
    void givenClockBehindTheLastUpdate_revise_keepsTheUpdateTime() {
        Endpoint revised = endpoint.revise(endpoint.path(), "Earlier clock", INPUT, Optional.empty(),
                endpoint.timeout(), endpoint.cacheTtl(), UPDATED.minusSeconds(5));

        assertThat(revised.updatedAt()).isEqualTo(UPDATED);
        assertThat(revised.description()).isEqualTo("Earlier clock");
    }

    @Test
    void reviseDefaultPrompt_setsAndClearsTheEndpointsOwnPrompt() {
        Prompt own = prompt("00000000-0000-4000-a000-000000000001", ACME, Optional.of(endpoint.id()));

        Endpoint set = endpoint.reviseDefaultPrompt(Optional.of(own), LATER);
        Endpoint cleared = set.reviseDefaultPrompt(Optional.empty(), LATER.plusSeconds(1));

        assertThat(set.defaultPrompt()).contains(own.id());
        assertThat(set.updatedAt()).isEqualTo(LATER);
        assertThat(cleared.defaultPrompt()).isEmpty();
        assertThat(cleared.updatedAt()).isEqualTo(LATER.plusSeconds(1));
    }

    @Test
    void reviseDefaultPrompt_refusesAPromptOfAnotherEndpointOrTenantOrOfNone() {
        for (Prompt foreign : List.of(
                prompt("00000000-0000-4000-a000-000000000002", ACME, Optional.of(new EndpointId("ep_2"))),
                prompt("00000000-0000-4000-a000-000000000003", new TenantId("ten_globex"),
                        Optional.of(endpoint.id())),
                prompt("00000000-0000-4000-a000-000000000004", ACME, Optional.empty()))) {
            assertThatThrownBy(() -> endpoint.reviseDefaultPrompt(Optional.of(foreign), LATER))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            refused -> assertThat(refused.field()).contains("default_prompt_id"))
                    .hasMessage("Prompt '" + foreign.id() + "' is not a prompt of this endpoint");
        }
    }
}

package io.promptengine.domain.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptTest {

    private static final Instant CREATED = Instant.parse("2025-05-01T09:00:00Z");
    private static final Instant UPDATED = CREATED.plusSeconds(60);
    private static final Instant LATER = UPDATED.plusSeconds(60);

    private final Prompt prompt = new Prompt(new PromptId("00000000-0000-4000-a000-000000000001"),
            new TenantId("ten_acme"), Optional.of(new EndpointId("ep_1")), "summary", "Summary", "Summarises",
            List.of("a"), "ada", CREATED, UPDATED);

    @Test
    void revise_changesTheMetadataAndKeepsIdentityEndpointAndCreation() {
        Prompt revised = prompt.revise("digest", "Digest", "Digests", List.of("b", "c"), "grace", LATER);

        assertThat(revised).isEqualTo(new Prompt(prompt.id(), prompt.tenantId(), prompt.endpointId(), "digest",
                "Digest", "Digests", List.of("b", "c"), "grace", CREATED, LATER));
    }

    @Test
    void revise_refusesANameThePromptCouldNotBeCreatedWith() {
        assertThatThrownBy(() -> prompt.revise("Not A Name", "t", "d", List.of(), "a", LATER))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        refused -> assertThat(refused.field()).contains("name"));
    }

    @Test
    void givenClockBehindTheLastUpdate_revise_keepsTheUpdateTime() {
        assertThat(prompt.revise("summary", "t", "d", List.of(), "a", UPDATED.minusSeconds(5)).updatedAt())
                .isEqualTo(UPDATED);
    }
}

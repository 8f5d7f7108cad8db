package io.promptengine.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantTest {

    private static final TenantId ID = new TenantId("ten_1");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "acme", "acme-corp", "a1-b2-c3", "0day"})
    void givenDnsLabelSlug_constructor_keepsIt(String slug) {
        assertThat(tenant(slug).slug()).isEqualTo(slug);
    }

    @Test
    void givenSixtyThreeCharacterSlug_constructor_keepsIt() {
        String slug = "a".repeat(63);

        assertThat(tenant(slug).slug()).isEqualTo(slug);
    }

    @Test
    void givenSixtyFourCharacterSlug_constructor_isRefusedOnSlug() {
        assertSlugRefused("a".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-acme", "acme-", "Acme", "ac_me", "ac.me", "ac me", "acmé", "-"})
    void givenSlugThatIsNoDnsLabel_constructor_isRefusedOnSlug(String slug) {
        assertSlugRefused(slug);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void givenNoSlug_requireSlug_saysItIsRequired(String slug) {
        assertThatThrownBy(() -> Tenant.requireSlug(slug)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Field 'slug' is required");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void givenNoName_constructor_isRefusedAsRequired(String name) {
        assertThatThrownBy(() -> new Tenant(ID, "acme", name, "free", true, NOW))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"))
                .hasMessage("Field 'name' is required");
    }

    @Test
    void givenNameOverTwoHundredCharacters_constructor_isRefusedOnName() {
        assertThat(new Tenant(ID, "acme", "n".repeat(200), "free", true, NOW).name()).hasSize(200);
        assertThatThrownBy(() -> new Tenant(ID, "acme", "n".repeat(201), "free", true, NOW))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"));
    }

    @Test
    void givenNoPlan_constructor_isRefusedOnPlan() {
        assertThatThrownBy(() -> new Tenant(ID, "acme", "Acme", " ", true, NOW))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("plan"));
    }

    @Test
    void givenTenant_withPlanAndDeactivated_changeOnlyThatField() {
        Tenant acme = tenant("acme");

        assertThat(acme.withPlan("pro")).isEqualTo(new Tenant(ID, "acme", "Acme", "pro", true, NOW));
        assertThat(acme.deactivated()).isEqualTo(new Tenant(ID, "acme", "Acme", "free", false, NOW));
    }

    @Test
    void givenDeactivatedTenant_activated_makesItActiveAgain() {
        Tenant acme = tenant("acme");

        assertThat(acme.deactivated().activated()).isEqualTo(acme);
    }

    @Test
    void givenBlankId_tenantId_isRefused() {
        assertThatThrownBy(() -> new TenantId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TenantId("ten_9")).hasToString("ten_9");
    }

    private static Tenant tenant(String slug) {
        return new Tenant(ID, slug, "Acme", "free", true, NOW);
    }

    private static void assertSlugRefused(String slug) {
        assertThatThrownBy(() -> tenant(slug))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("slug"))
                .hasMessage("Field 'slug' must be 1-63 lowercase letters, digits or inner hyphens");
    }
}

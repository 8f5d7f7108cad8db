package io.promptengine.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Webhook webhook() {
        return Webhook.create(new WebhookId("wh_1"), new TenantId("ten_1"), URI.create("https://hooks.example.com/x"),
                EventType.subscribable(), Optional.empty(), Optional.empty(), "", WebhookSecret.generate(RANDOM), NOW);
    }

    @Test
    void aRotation_signsWithBothSecretsDuringTheOverlap_thenWithTheNewOneAlone() {
        Webhook before = webhook();
        WebhookSecret next = WebhookSecret.generate(RANDOM);

        Webhook rotated = before.rotate(next, Duration.ofHours(1), NOW);

        assertThat(rotated.signingSecrets(NOW.plusSeconds(60))).containsExactly(next, before.secret());
        assertThat(rotated.signingSecrets(NOW.plus(Duration.ofHours(1)))).containsExactly(next);
        assertThat(before.rotate(next, Duration.ZERO, NOW).signingSecrets(NOW)).containsExactly(next);
    }

    @Test
    void disabling_keepsTheFirstReason_andEnablingClearsItAndTheRunOfFailures() {
        Webhook failing = new Webhook(new WebhookId("wh_1"), new TenantId("ten_1"), URI.create("https://h.example"),
                EventType.subscribable(), Optional.empty(), Optional.empty(), "", true, Optional.empty(),
                WebhookSecret.generate(RANDOM), Optional.empty(), Optional.of(NOW), NOW, NOW);

        Webhook gone = failing.disable(Webhook.GONE, NOW).disable("later", NOW);
        Webhook enabled = gone.revise(gone.url(), gone.events(), gone.endpointFilter(), gone.surfaceFilter(),
                gone.description(), true, NOW);

        assertThat(gone.disabledReason()).contains(Webhook.GONE);
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.disabledReason()).isEmpty();
        assertThat(enabled.failingSince()).isEmpty();
    }

    @Test
    void matches_followsTheEventTypesAndFilters() {
        Webhook filtered = new Webhook(new WebhookId("wh_1"), new TenantId("ten_1"), URI.create("https://h.example"),
                EnumSet.of(EventType.EXECUTION_FAILED), Optional.of(new EndpointId("ep_1")),
                Optional.of(Surface.ENDPOINT), "", true, Optional.empty(), WebhookSecret.generate(RANDOM),
                Optional.empty(), Optional.empty(), NOW, NOW);

        assertThat(filtered.matches(EventType.EXECUTION_FAILED, Optional.of(new EndpointId("ep_1")),
                Surface.ENDPOINT)).isTrue();
        assertThat(filtered.matches(EventType.EXECUTION_COMPLETED, Optional.of(new EndpointId("ep_1")),
                Surface.ENDPOINT)).isFalse();
        assertThat(filtered.matches(EventType.EXECUTION_FAILED, Optional.empty(), Surface.ENDPOINT)).isFalse();
        assertThat(filtered.matches(EventType.EXECUTION_FAILED, Optional.of(new EndpointId("ep_1")),
                Surface.EXECUTE_API)).isFalse();
    }

    @Test
    void anEndpoint_refusesNoEventsTheTestEventARelativeUrlAndALongDescription() {
        Webhook valid = webhook();
        assertThatThrownBy(() -> valid.revise(valid.url(), Set.of(), Optional.empty(), Optional.empty(), "", true, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid.revise(valid.url(), Set.of(EventType.WEBHOOK_TEST), Optional.empty(),
                Optional.empty(), "", true, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid.revise(URI.create("/relative"), valid.events(), Optional.empty(),
                Optional.empty(), "", true, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid.revise(valid.url(), valid.events(), Optional.empty(), Optional.empty(),
                "x".repeat(501), true, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.promptengine.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditEventTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givenLongValue_constructor_cutsItWithAnEllipsis() {
        AuditEvent event = event(Map.of("description", "x".repeat(500)));

        assertThat(event.after().get("description")).hasSize(AuditEvent.MAX_VALUE_LENGTH).endsWith("…");
    }

    @Test
    void givenCutInsideASurrogatePair_constructor_keepsThePairWhole() {
        String value = "x".repeat(AuditEvent.MAX_VALUE_LENGTH - 2) + "😀".repeat(10);

        String kept = event(Map.of("name", value)).after().get("name");

        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 2))).isFalse();
        assertThat(kept).endsWith("…");
    }

    @Test
    void givenTooManyFields_constructor_refuses() {
        Map<String, String> summary = new HashMap<>();
        for (int i = 0; i <= AuditEvent.MAX_FIELDS; i++) {
            summary.put("field_" + i, "v");
        }

        assertThatThrownBy(() -> event(summary)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenFieldNameThatIsNoIdentifier_constructor_refuses() {
        assertThatThrownBy(() -> event(Map.of("Secret Hash", "v"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenSummary_mutatingTheSource_leavesTheEventAlone() {
        Map<String, String> summary = new HashMap<>(Map.of("name", "a"));
        AuditEvent event = event(summary);

        summary.put("name", "b");

        assertThat(event.after()).containsEntry("name", "a");
        assertThat(event.after()).isUnmodifiable();
    }

    @ParameterizedTest
    @EnumSource(AuditAction.class)
    void givenAction_fromWire_readsItsWireNameBack(AuditAction action) {
        assertThat(AuditAction.fromWire(action.wireName())).isEqualTo(action);
        assertThat(TargetType.fromWire(action.targetType().wireName())).isEqualTo(action.targetType());
    }

    @Test
    void givenUnknownWireName_fromWire_refuses() {
        assertThatThrownBy(() -> AuditAction.fromWire("api_key.deleted")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenApiKey_actor_isItsId() {
        assertThat(Actor.apiKey(new ApiKeyId("key_1")).value()).isEqualTo("key_1");
    }

    private static AuditEvent event(Map<String, String> after) {
        return new AuditEvent("aud_1", Optional.of(new TenantId("ten_1")), Actor.OPERATOR,
                AuditAction.ENDPOINT_CREATED, "ep_1", Map.of(), after, AT, Optional.of("req_1"));
    }
}

package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequentialIdGeneratorTest {

    @Test
    void givenNewGenerator_ids_countFromOnePerKind() {
        SequentialIdGenerator ids = new SequentialIdGenerator();

        assertThat(ids.executionId().value()).isEqualTo("exec_000001");
        assertThat(ids.executionId().value()).isEqualTo("exec_000002");
        assertThat(ids.tenantId().value()).isEqualTo("ten_000001");
        assertThat(ids.apiKeyId().value()).isEqualTo("key_000001");
        assertThat(ids.endpointId().value()).isEqualTo("ep_000001");
        assertThat(ids.promptId().value()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(ids.promptId().value()).isEqualTo("00000000-0000-4000-8000-000000000002");
        assertThat(ids.promptVersionId().value()).isEqualTo("pv_000001");
        assertThat(ids.conversationId().value()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(ids.messageId()).isEqualTo("00000000-0000-4000-9000-000000000001");
        assertThat(ids.messageId()).isEqualTo("00000000-0000-4000-9000-000000000002");
    }

    @Test
    void givenManyIds_stringOrder_isCreationOrder() {
        SequentialIdGenerator ids = new SequentialIdGenerator();
        String previous = ids.executionId().value();

        for (int i = 0; i < 2_000; i++) {
            String next = ids.executionId().value();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }
}

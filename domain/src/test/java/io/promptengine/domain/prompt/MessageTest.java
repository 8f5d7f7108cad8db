package io.promptengine.domain.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void givenFactories_messages_carryTheirRole() {
        assertThat(Message.system("s")).isEqualTo(new Message(Role.SYSTEM, "s"));
        assertThat(Message.user("u")).isEqualTo(new Message(Role.USER, "u"));
        assertThat(Message.assistant("a")).isEqualTo(new Message(Role.ASSISTANT, "a"));
        assertThat(Role.ASSISTANT.wireName()).isEqualTo("assistant");
    }

    @Test
    void givenUnknownWireName_finishReasonFromWire_isOther() {
        assertThat(FinishReason.fromWire("length")).isEqualTo(FinishReason.LENGTH);
        assertThat(FinishReason.fromWire("content_filter")).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(FinishReason.fromWire("end_turn")).isEqualTo(FinishReason.OTHER);
        assertThat(FinishReason.fromWire(null)).isEqualTo(FinishReason.OTHER);
    }
}

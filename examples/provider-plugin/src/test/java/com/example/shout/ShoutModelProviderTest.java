package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.spi.InvalidSettingException;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ShoutModelProviderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final ShoutModelProvider shout = new ShoutModelProvider("shouty", 3, "!!", () -> NOW);

    @Test
    void givenLongMessage_complete_shoutsItsFirstWordsWithTheSuffix() {
        ModelResponse response = shout.complete(request(List.of(Message.system("be loud"),
                Message.user("  hello there big wide world "))));

        assertThat(response.text()).isEqualTo("HELLO THERE BIG!!");
        assertThat(response.usage()).isEqualTo(new Usage(7, 3));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void givenMaxTokensBelowMaxWords_complete_cutsTheAnswerAsAModelWould() {
        ModelResponse response = shout.complete(new ModelRequest(ShoutModelProvider.MODEL,
                List.of(Message.user("one two three four")), new ModelParameters(OptionalDouble.empty(), OptionalInt.of(2)),
                NOW.plusSeconds(5)));

        assertThat(response.text()).isEqualTo("ONE TWO");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void givenOtherModel_complete_isRefusedAsInvalidInput() {
        assertThatThrownBy(() -> shout.complete(new ModelRequest("quiet", List.of(Message.user("hi")),
                ModelParameters.DEFAULTS, NOW.plusSeconds(5))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("serves only model 'loud'");
    }

    @Test
    void givenMaxWordsOutOfRange_check_namesTheField() {
        assertThatThrownBy(() -> ProviderSettings.check(new ShoutProviderFactory(), Map.of("max_words", 0),
                name -> Optional.empty()))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("max_words: must be from 1 to 1000, not 0"));
    }

    @Test
    void givenNoSuffix_create_endsWithOneExclamationMark() {
        ProviderSettings settings = ProviderSettings.check(new ShoutProviderFactory(), Map.of("max_words", 2),
                name -> Optional.empty());

        assertThat(new ShoutProviderFactory().create("s", settings, () -> NOW).complete(request(
                List.of(Message.user("quiet please now")))).text()).isEqualTo("QUIET PLEASE!");
    }

    private static ModelRequest request(List<Message> messages) {
        return new ModelRequest(ShoutModelProvider.MODEL, messages, ModelParameters.DEFAULTS, NOW.plusSeconds(5));
    }
}

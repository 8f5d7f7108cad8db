package io.promptengine.adapters.llm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    private static final Function<String, Optional<String>> ENV = name -> Optional.ofNullable(
            Map.of("FIXED_TOKEN", " s3cret ", "BLANK", "  ").get(name));
    private static final FixedAnswerFactory FIXED = new FixedAnswerFactory();

    @Test
    void givenEveryType_check_answersPlainJavaValues() {
        ProviderSettings settings = ProviderSettings.check(FIXED, Map.of("answer", " hi ",
                "home", "https://example.org/x", "token_env", "FIXED_TOKEN", "tokens", new BigDecimal("7")), ENV);

        assertThat(settings.get(FixedAnswerFactory.ANSWER)).isEqualTo("hi");
        assertThat(settings.find(FixedAnswerFactory.HOME)).contains(URI.create("https://example.org/x"));
        assertThat(settings.find(FixedAnswerFactory.TOKEN)).contains("s3cret");
        assertThat(settings.find(FixedAnswerFactory.TOKENS)).contains(7L);
        assertThat(settings.toString()).contains("token_env=(set)").doesNotContain("s3cret");
    }

    @Test
    void givenOptionalSettingsLeftOut_find_isEmpty() {
        ProviderSettings settings = ProviderSettings.check(FIXED, Map.of("answer", "hi"), ENV);

        assertThat(settings.find(FixedAnswerFactory.HOME)).isEmpty();
        assertThat(settings.find(FixedAnswerFactory.TOKEN)).isEmpty();
    }

    @Test
    void givenMistakes_check_namesTheFieldAndTheProblem() {
        assertProblem(Map.of(), "answer", "required for kind fixed");
        assertProblem(Map.of("answer", "hi", "colour", "red"), "colour",
                "unknown field; kind fixed reads answer, home, token_env, tokens");
        assertProblem(Map.of("answer", 3), "answer", "must be a non-empty string");
        assertProblem(Map.of("answer", " "), "answer", "must be a non-empty string");
        assertProblem(Map.of("answer", "hi", "home", "ftp://a"), "home", "'ftp://a' is not an http or https URL");
        assertProblem(Map.of("answer", "hi", "home", "http://"), "home", "'http://' is not an http or https URL");
        assertProblem(Map.of("answer", "hi", "token_env", "sk-live 123"), "token_env",
                "the key itself never goes in the file");
        assertProblem(Map.of("answer", "hi", "token_env", "UNSET"), "token_env", "environment variable UNSET is not set");
        assertProblem(Map.of("answer", "hi", "token_env", "BLANK"), "token_env", "environment variable BLANK is not set");
        assertProblem(Map.of("answer", "hi", "tokens", new BigDecimal("2.5")), "tokens", "must be a whole number");
        assertProblem(Map.of("answer", "hi", "tokens", "2"), "tokens", "must be a whole number");
        assertProblem(Map.of("answer", "hi", "tokens", Double.NaN), "tokens", "must be a whole number");
        assertProblem(Map.of("answer", "hi", "tokens", 0), "tokens", "must be at least 1");
        Map<String, Object> withNull = new HashMap<>(Map.of("answer", "hi"));
        withNull.put("home", null);
        assertProblem(withNull, "home", "must be a non-empty string");
    }

    @Test
    void givenWholeNumberWrittenWithZeroFraction_check_acceptsIt() {
        assertThat(ProviderSettings.check(FIXED, Map.of("answer", "a", "tokens", new BigDecimal("3.0")), ENV)
                .find(FixedAnswerFactory.TOKENS)).contains(3L);
    }

    @Test
    void givenSettingTheKindDoesNotDeclare_findAndGet_refuse() {
        ProviderSettings settings = ProviderSettings.check(FIXED, Map.of("answer", "hi"), ENV);

        assertThatThrownBy(() -> settings.find(Setting.text("home")))
                .hasMessageContaining("kind fixed declares no setting home of type TEXT");
        assertThatThrownBy(() -> settings.get(FixedAnswerFactory.HOME)).hasMessageContaining("is optional");
    }

    @Test
    void givenBadFieldName_setting_isRefused() {
        assertThatThrownBy(() -> Setting.text("Base-URL")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Base-URL'");
        assertThat(Setting.url("base_url").required()).isEqualTo(Setting.url("base_url").required())
                .isNotEqualTo(Setting.url("base_url")).hasToString("base_url (url, required)");
        assertThat(List.of(Setting.text("a").isRequired(), Setting.text("a").required().isRequired()))
                .containsExactly(false, true);
    }

    private static void assertProblem(Map<String, ?> raw, String field, String problem) {
        assertThatThrownBy(() -> ProviderSettings.check(FIXED, raw, ENV))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith(field + ": ").doesNotContain("s3cret");
                });
    }
}

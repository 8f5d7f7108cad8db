package io.promptengine.domain.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.InvalidInputException;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelParametersTest {

    @Test
    void givenDefaults_parameters_leaveEverythingToTheProvider() {
        assertThat(ModelParameters.DEFAULTS.temperature()).isEmpty();
        assertThat(ModelParameters.DEFAULTS.maxTokens()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.0})
    void givenTemperatureWithinZeroAndOne_constructor_keepsIt(double temperature) {
        ModelParameters parameters = new ModelParameters(OptionalDouble.of(temperature), OptionalInt.empty());

        assertThat(parameters.temperature()).hasValue(temperature);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, 2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void givenTemperatureOutsideZeroAndOne_constructor_isRefusedOnTemperature(double temperature) {
        assertThatThrownBy(() -> new ModelParameters(OptionalDouble.of(temperature), OptionalInt.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("temperature");
                    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
                    assertThat(e).hasMessage("Field 'temperature' must be between 0.0 and 1.0");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256, Integer.MAX_VALUE})
    void givenPositiveMaxTokens_constructor_keepsIt(int maxTokens) {
        assertThat(new ModelParameters(OptionalDouble.empty(), OptionalInt.of(maxTokens)).maxTokens())
                .hasValue(maxTokens);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void givenZeroOrNegativeMaxTokens_constructor_isRefusedOnMaxTokens(int maxTokens) {
        assertThatThrownBy(() -> new ModelParameters(OptionalDouble.empty(), OptionalInt.of(maxTokens)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("max_tokens");
                    assertThat(e).hasMessage("Field 'max_tokens' must be greater than 0");
                });
    }
}

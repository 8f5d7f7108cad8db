package io.promptengine.domain.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/prompt/execute", "/health/live", "/openapi.json", "/metrics"})
    void givenPathPromptEngineServes_isReserved_isTrueAndThePathIsRefused(String path) {
        assertThat(EndpointPath.isReserved(path)).isTrue();
        assertThatThrownBy(() -> new EndpointPath(path)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("which Prompt Engine serves itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/summarize", "/v10", "/healthz", "/openapi.jsonx", "/"})
    void givenOtherPath_isReserved_isFalse(String path) {
        assertThat(EndpointPath.isReserved(path)).isFalse();
    }
}

package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The seed 000 flow over real HTTP against the real application. */
class ExecutionApiEndToEndTest {

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void seedExample_execute_thenStatus_isCompleted() {
        Api.Reply executed = app.api().post("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Explain quantum entanglement.\",\"temperature\":0.7,\"max_tokens\":250}");

        assertThat(executed.status()).isEqualTo(200);
        JsonNode body = executed.json();
        assertThat(body.path("id").asString()).startsWith("exec_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("output").asString()).isEqualTo("Explain quantum entanglement.");
        assertThat(body.path("usage").path("total_tokens").asLong())
                .isEqualTo(body.path("usage").path("input_tokens").asLong() + body.path("usage").path("output_tokens").asLong())
                .isPositive();

        Api.Reply status = app.api().get("/v1/executions/" + body.path("id").asString() + "/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("status").asString()).isEqualTo("completed");
    }
}

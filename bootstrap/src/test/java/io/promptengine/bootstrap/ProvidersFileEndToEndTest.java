package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A provider of {@code PE_PROVIDERS_FILE}: routed by its model prefix and by name, keyed from the environment, priced. */
class ProvidersFileEndToEndTest {

    private static final String KEY = "sk-file-provider-secret-42";

    @TempDir
    Path dir;

    private ProviderStub stub;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        stub = new ProviderStub();
        Path file = Files.writeString(dir.resolve("providers.json"), """
                {"providers": [{"name": "stubby", "kind": "openai", "base_url": "%s", "api_key_env": "STUBBY_KEY",
                  "model_prefixes": ["stub-"],
                  "prices": {"stub-1": {"input_per_million": 1, "output_per_million": 2}}}]}"""
                .formatted(stub.baseUrl()));
        app = RunningApp.start(Map.of("PE_PROVIDERS_FILE", file.toString(), "STUBBY_KEY", KEY));
    }

    @AfterEach
    void stop() {
        app.close();
        stub.close();
    }

    @Test
    void givenModelWithTheEntrysPrefix_execute_callsThatProviderWithItsKeyAndPrice() {
        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"stub-1\",\"input\":\"Hi\"}");

        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(stub.arrivals(ProviderStub.CHAT).get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode execution = app.api().get("/v1/executions/" + executed.json().path("id").asString()).json();
        assertThat(execution.path("provider").asString()).isEqualTo("stubby");
        // 12 input tokens at $1 and 5 output tokens at $2 per million
        assertThat(execution.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.000022"));
    }

    @Test
    void givenExplicitName_execute_routesToTheEntryWithoutAPrice() {
        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"stubby/other\",\"input\":\"Hi\"}");

        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(stub.arrivals(ProviderStub.CHAT).get(0).body()).contains("\"model\":\"other\"");
        JsonNode execution = app.api().get("/v1/executions/" + executed.json().path("id").asString()).json();
        assertThat(execution.has("cost")).isFalse();
    }
}

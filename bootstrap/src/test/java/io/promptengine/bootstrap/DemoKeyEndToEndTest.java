package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.ApiKeySecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first start without {@code PE_DEMO_KEY} creates the demo tenant's key and shows it once. */
class DemoKeyEndToEndTest {

    private static RunningApp app;
    private static String generated;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_DEMO_KEY", ""));
        generated = app.engine().generatedDemoKey().orElseThrow();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenFirstStartWithoutDemoKey_generatedKey_isALiveKeyThatAuthenticates() {
        assertThat(generated).matches(ApiKeySecret.LIVE_PREFIX + "[A-Za-z0-9_-]{43}");

        Api.Reply reply = app.api().withKey(generated).post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"hi\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(app.api().withKey(RunningApp.DEMO_KEY).get("/v1/executions").status()).isEqualTo(401);
    }

    @Test
    void givenExistingDemoTenant_restart_generatesNoKeyAndTheFirstStillWorks() {
        app.restart();

        assertThat(app.engine().generatedDemoKey()).isEmpty();
        assertThat(app.api().withKey(generated).get("/v1/executions").status()).isEqualTo(200);
    }

    @Test
    void givenGeneratedKey_databaseFiles_holdItsHashButNeverTheSecret() {
        String hash = ApiKeySecret.hash(generated);
        String secretPart = generated.substring(ApiKeySecret.LIVE_PREFIX.length());

        assertThat(app.databaseFiles()).isNotEmpty();
        // The hash being found shows the scan reads where the key is stored.
        assertThat(app.databaseFiles()).anyMatch(file -> contains(file, hash));
        assertThat(app.databaseFiles()).noneMatch(file -> contains(file, secretPart));
    }

    private static boolean contains(Path file, String text) {
        try {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return bytes.contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

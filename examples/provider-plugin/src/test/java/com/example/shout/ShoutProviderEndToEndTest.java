package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as an operator uses it: its jar beside the server's on the classpath, a providers file naming
 * {@code "kind": "shout"}, and calls over HTTP answered by it.
 */
@Tag("end-to-end")
class ShoutProviderEndToEndTest {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(exec_[^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void givenProvidersFileNamingThePluginsKind_execute_isAnsweredByThePlugin() throws Exception {
        Path file = providersFile("""
                {"providers": [
                  {"name": "shouty", "kind": "shout", "max_words": 3, "suffix": "!!", "model_prefixes": ["loud"]}]}""");

        try (ServerProcess server = ServerProcess.launch(List.of(ServerProcess.serverJar(), ServerProcess.pluginJar()),
                Map.of("PE_PROVIDERS_FILE", file.toString()), dir)) {
            int port = server.awaitReady();

            HttpResponse<String> byPrefix = server.call(port, "/v1/prompt/execute",
                    "{\"model\":\"loud\",\"input\":\"hello there big wide world\"}");
            HttpResponse<String> byName = server.call(port, "/v1/prompt/execute",
                    "{\"model\":\"shouty/loud\",\"input\":\"quiet please\"}");

            assertThat(byPrefix.statusCode()).as(byPrefix.body()).isEqualTo(200);
            assertThat(byPrefix.body()).contains("\"output\":\"HELLO THERE BIG!!\"");
            assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
            assertThat(byName.body()).contains("\"output\":\"QUIET PLEASE!!\"");
            HttpResponse<String> execution = server.call(port, "/v1/executions/" + id(byPrefix), null);
            assertThat(execution.body()).contains("\"provider\":\"shouty\"");
        }
    }

    @Test
    void givenPluginSettingOutOfRange_start_stopsNamingTheFileLineAndField() throws Exception {
        Path file = providersFile("""
                {"providers": [
                  {"name": "shouty", "kind": "shout", "max_words": 0}]}""");

        try (ServerProcess server = ServerProcess.launch(List.of(ServerProcess.serverJar(), ServerProcess.pluginJar()),
                Map.of("PE_PROVIDERS_FILE", file.toString()), dir)) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.output()).contains("PE_PROVIDERS_FILE: The providers file " + file
                    + ", line 2: providers[0].max_words: must be from 1 to 1000, not 0");
        }
    }

    @Test
    void givenServerWithoutThePluginJar_start_listsTheKindsItFound() throws Exception {
        Path file = providersFile("""
                {"providers": [{"name": "shouty", "kind": "shout", "max_words": 3}]}""");

        try (ServerProcess server = ServerProcess.launch(List.of(ServerProcess.serverJar()),
                Map.of("PE_PROVIDERS_FILE", file.toString()), dir)) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.output()).contains("providers[0].kind: 'shout' is not one of the kinds found: "
                    + "anthropic, azure, local, openai");
        }
    }

    private Path providersFile(String json) throws IOException {
        return Files.writeString(dir.resolve("providers.json"), json);
    }

    private static String id(HttpResponse<String> executed) {
        Matcher id = ID.matcher(executed.body());
        assertThat(id.find()).as("an execution id in %s", executed.body()).isTrue();
        return id.group(1);
    }
}

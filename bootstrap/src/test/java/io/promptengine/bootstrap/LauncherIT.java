package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/prompt-engine} as a user runs it, on the jar and the class-data sharing archive this build made, with
 * the Java that ran the build: the server starts with the documented heap and collector, its classes come from the
 * archive, it serves, and it stops cleanly on SIGTERM. Run by the build's {@code launcher} profile, where the
 * launcher's shell exists.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {

    private static final String KEY = "pe_live_launcher_test_key_0000000000000001";
    /** How {@code -Xlog:class+load} names a class that came from the dynamic (top) archive. */
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void givenTheBuildsJarAndArchive_launcher_servesWithTheDocumentedHeapAndClassesFromTheArchive(
            @TempDir Path directory) throws Exception {
        Path classes = directory.resolve("classes.log");
        Path gc = directory.resolve("gc.log");
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("launcher"))
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PE_"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("PE_JAR", System.getProperty("runnable.jar"));
        environment.put("PE_HOST", "127.0.0.1");
        environment.put("PE_PORT", "0");
        environment.put("PE_DEMO_KEY", KEY);
        environment.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes + " -Xlog:gc,gc+init:file=" + gc);
        Process server = builder.start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> read(server, output, port), "launcher-output");
            reader.setDaemon(true);
            reader.start();
            int listening = port.get(60, TimeUnit.SECONDS);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> executed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + listening + "/v1/prompt/execute"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Launched\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);
            assertThat(executed.body()).contains("\"output\":\"Launched\"");

            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            reader.join(5_000);
            assertThat(server.exitValue()).as("exit status after SIGTERM; output:%n%s", output)
                    .isIn(0, 143);
            assertThat(output.toString()).as("no warning from the JVM about the archive")
                    .doesNotContain("[warning][cds]");
        } finally {
            server.destroyForcibly();
        }

        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
        assertThat(loaded).as("the server's own classes come from the build's archive")
                .anyMatch(line -> line.contains("io.promptengine.bootstrap.PromptEngine " + FROM_ARCHIVE))
                .anyMatch(line -> line.contains("io.promptengine.adapters.http.HttpApi " + FROM_ARCHIVE));
        assertThat(Files.readString(gc, StandardCharsets.UTF_8)).as("the documented collector and heap")
                .contains("Using Serial")
                .containsPattern("Heap Max Capacity: 256M");
    }

    private static void read(Process server, StringBuilder output, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("the server ended before listening:\n" + output));
        } catch (Exception e) {
            port.completeExceptionally(e);
        }
    }
}

package com.example.shout;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Prompt Engine server ({@code io.promptengine.bootstrap.Main} of bootstrap's shaded jar) as a child
 * process, with the given jars beside it on its classpath, on loopback and an H2 file of its own. It picks its own
 * port ({@code PE_PORT=0}) and this reads it from the log line that announces it. {@link #close()} always ends the
 * process: {@code SIGTERM} so it drains as in production, then {@code SIGKILL} if it lingers.
 */
final class ServerProcess implements AutoCloseable {

    /** The demo tenant's key, chosen so that the test can call the API. */
    static final String DEMO_KEY = "pe_live_plugin_e2e_demo_key_0123456789abcdefghij";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** bootstrap's shaded jar, as the build passes it (system property {@code prompt-engine.jar}). */
    static Path serverJar() {
        return existing("prompt-engine.jar", "build the server first: mvn -pl examples/provider-plugin -am verify");
    }

    /** This module's own packaged jar (system property {@code plugin.jar}). */
    static Path pluginJar() {
        return existing("plugin.jar", "the end-to-end tests run after package: mvn verify");
    }

    /** Starts the server with {@code jars} as its classpath and {@code settings} as its only PE_ variables. */
    static ServerProcess launch(List<Path> jars, Map<String, String> settings, Path directory) {
        List<String> classpath = jars.stream().map(jar -> jar.toAbsolutePath().toString()).toList();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath), "io.promptengine.bootstrap.Main");
        builder.environment().keySet().removeIf(name -> name.startsWith("PE_"));
        builder.environment().putAll(Map.of("PE_HOST", "127.0.0.1", "PE_PORT", "0", "PE_DEMO_KEY", DEMO_KEY,
                "PE_DB_URL", "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath()));
        builder.environment().putAll(settings);
        Path log = directory.resolve("server.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new ServerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on, once {@code /health/ready} answers 200. */
    int awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int port = 0;
        while (port == 0 || !ready(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; " + output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the server was not ready after " + START_TIMEOUT + "; " + output());
            }
            Thread.sleep(50);
            if (port == 0) {
                Matcher listening = LISTENING.matcher(output());
                port = listening.find() ? Integer.parseInt(listening.group(1)) : 0;
            }
        }
        return port;
    }

    /** Its exit code, once it has stopped by itself (as on a configuration error). */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server still ran after " + START_TIMEOUT + "; " + output());
        }
        return process.exitValue();
    }

    /** Everything it has printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(its log " + log + " could not be read: " + e + ")";
        }
    }

    /** One call with the demo key; a JSON body makes it a POST. */
    HttpResponse<String> call(int port, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + DEMO_KEY);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean ready(int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path existing(String property, String advice) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("no jar at system property " + property + " (" + value + "); " + advice);
        }
        return Path.of(value);
    }
}

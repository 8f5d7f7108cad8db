package io.promptengine.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * The real server ({@link Main}, from the test classpath or from a packaged jar) as a process of its own, started
 * on one database again and again and stopped only by {@code SIGKILL} ({@link Process#destroyForcibly} on Linux),
 * as the crash test needs. Each start gets a free loopback port and a log file of its own in {@code directory}.
 */
final class CrashServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<String> command;
    private final Map<String, String> settings;
    private final Path directory;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;

    private CrashServer(List<String> command, Map<String, String> settings, Path directory) {
        this.command = List.copyOf(command);
        this.settings = Map.copyOf(settings);
        this.directory = directory;
    }

    /**
     * {@code Main} of this JVM's classpath, or {@code java -jar jar} when {@code jar} is given, on the JDK this JVM
     * runs on, configured only by {@code settings} (the caller's own {@code PE_*} variables are not inherited).
     */
    static CrashServer of(Map<String, String> settings, Path directory, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jar == null) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        } else {
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        }
        return new CrashServer(command, settings, directory);
    }

    /** {@code command} as it is, as a server run from a container image's files ({@code ContainerImageIT}) is. */
    static CrashServer ofCommand(List<String> command, Map<String, String> settings, Path directory) {
        return new CrashServer(command, settings, directory);
    }

    /** Starts the server and returns its port once {@code /health/ready} answers 200. */
    int start() throws InterruptedException {
        int port = freePort();
        starts++;
        log = directory.resolve("server-" + starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PE_"));
        builder.environment().putAll(settings);
        builder.environment().put("PE_PORT", Integer.toString(port));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("start " + starts + ": the server exited with " + process.exitValue()
                        + " before it was ready; " + logTail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("start " + starts + ": not ready after " + READY_TIMEOUT + "; "
                        + logTail());
            }
            Thread.sleep(20);
        }
        return port;
    }

    /** {@code SIGKILL}; returns {@link System#nanoTime} just before the signal, and once the process is gone. */
    long kill() throws InterruptedException {
        long at = System.nanoTime();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived SIGKILL for 30 s");
        }
        return at;
    }

    long pid() {
        return process.pid();
    }

    /** The last lines of the current start's log, for a failure message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "its log " + log + " ends:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return "its log " + log + " could not be read: " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.promptengine.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run behind the class-data sharing archive the build makes ({@code bootstrap/target/prompt-engine.jsa},
 * see the README's <em>Start-up</em>): run with {@code -XX:ArchiveClassesAtExit}, it starts a server on a
 * throw-away H2 database on a loopback port, sends it the requests a first user sends (synchronous, queued and
 * streamed executions on the built-in {@code echo} model, the OpenAI wire format, readings, listings and refusals),
 * stops it and exits, so that the archive holds the classes of starting and of serving. It never leaves the
 * machine; a request that does not answer as expected fails the run, and so the build.
 */
public final class ClassDataTraining {

    private static final String KEY = "pe_live_class_data_training_key_not_for_use_0001";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ID = Pattern.compile("\"id\":\"(exec_[A-Za-z0-9]+)\"");

    private ClassDataTraining() {
    }

    /**
     * @param args the archive's path: beside it, {@code <archive>.java-home} names the Java that made it, which
     *     alone can use it
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ClassDataTraining <archive path>");
        }
        Path archive = Path.of(args[0]);
        Files.deleteIfExists(archive);
        Files.writeString(Path.of(args[0] + ".java-home"),
                Path.of(System.getProperty("java.home")).toRealPath() + "\n");
        Path directory = Files.createTempDirectory("pe-class-data-");
        try {
            train(directory);
        } finally {
            delete(directory);
        }
        // the archive is written as the JVM exits; the server's threads are stopped by now
        System.exit(0);
    }

    private static void train(Path directory) throws Exception {
        try (PromptEngine engine = PromptEngine.builder()
                .settings(Map.of(
                        "PE_DB_URL", "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath(),
                        "PE_HOST", "127.0.0.1",
                        "PE_PORT", "0",
                        "PE_DEMO_KEY", KEY,
                        "PE_ADMIN_KEY", "pe_admin_class_data_training_key_not_for_use_0001"))
                .start()) {
            Client client = new Client(engine.port().orElseThrow());
            client.expect(200, "GET", "/health/ready", null);
            client.expect(200, "POST", "/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hello\"}");
            String queued = client.expect(202, "POST", "/v1/prompt/execute",
                    "{\"model\":\"echo\",\"input\":\"Later\",\"async\":true}");
            Matcher id = ID.matcher(queued);
            if (!id.find()) {
                throw new IllegalStateException("a queued execution came back without its id: " + queued);
            }
            awaitCompleted(client, id.group(1));
            client.expect(200, "GET", "/v1/executions/" + id.group(1), null);
            client.expect(200, "GET", "/v1/executions?limit=5", null);
            client.expect(200, "POST", "/v1/prompt/execute",
                    "{\"model\":\"echo\",\"input\":\"Stream it\",\"stream\":true}");
            client.expect(200, "POST", "/v1/chat/completions",
                    "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            client.expect(200, "POST", "/v1/chat/completions",
                    "{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            client.expect(200, "GET", "/v1/models", null);
            client.expect(400, "POST", "/v1/prompt/execute", "{\"model\":\"echo\",\"input\":");
            client.expect(401, "GET", "/v1/executions", null, false);
            client.expect(404, "GET", "/v1/executions/exec_0000000000000000000000", null);
        }
    }

    /** Polls the execution's status until a worker has run it, so the queue's classes are loaded too. */
    private static void awaitCompleted(Client client, String id) throws Exception {
        long giveUp = System.nanoTime() + TIMEOUT.toNanos();
        while (!client.expect(200, "GET", "/v1/executions/" + id + "/status", null).contains("\"completed\"")) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("the queued execution " + id + " did not complete in " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** Sends each request with the demo key and checks its status. */
    private static final class Client {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();
        private final String base;

        Client(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        String expect(int status, String method, String path, String body) throws Exception {
            return expect(status, method, path, body, true);
        }

        String expect(int status, String method, String path, String body, boolean authenticated)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (authenticated) {
                request.header("Authorization", "Bearer " + KEY);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                        + ", not " + status + ": " + response.body());
            }
            return response.body();
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

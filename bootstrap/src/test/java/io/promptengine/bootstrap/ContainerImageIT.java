package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The container image of the "image" profile (README, "Container image"), checked as CI can, without Docker: what
 * {@code docker load} reads, what a container of it would run, and the server itself started from the image's own
 * files: its Java runtime (linked with a chosen set of modules, so a missing one shows here), its classpath file and
 * its jars. Run by failsafe after Jib wrote the tarball ({@code image.tar}).
 */
class ContainerImageIT {

    private static final String MAIN = "io.promptengine.bootstrap.Main";
    private static final String CLASSPATH_FILE = "app/jib-classpath-file";

    @TempDir
    static Path work;

    private static ImageTarball image;
    private static Path root;
    private static Set<String> files;

    @BeforeAll
    static void unpack() throws Exception {
        image = ImageTarball.open(Path.of(System.getProperty("image.tar")),
                Files.createDirectories(work.resolve("tarball")));
        root = Files.createDirectories(work.resolve("rootfs"));
        files = image.unpack(root);
    }

    @Test
    void givenTheTarball_manifest_tagsTheImageAndListsOneLayerPerDiffId() {
        assertThat(image.tags()).containsExactly(System.getProperty("image.name"));
        assertThat(image.config().get("os").asString()).isEqualTo("linux");
        assertThat(image.layers()).as("layers: the base's, then dependencies, project jars, resources, classes")
                .hasSizeGreaterThanOrEqualTo(3).hasSameSizeAs(image.diffIds());
    }

    @Test
    void givenEachLayer_itsUncompressedContent_hasTheDiffIdTheConfigNames() throws Exception {
        List<Path> layers = image.layers();
        for (int i = 0; i < layers.size(); i++) {
            assertThat(ImageTarball.diffId(layers.get(i))).as("layer %d, %s", i, layers.get(i).getFileName())
                    .isEqualTo(image.diffIds().get(i));
        }
    }

    @Test
    void givenTheConfig_entrypoint_runsMainWithTheImagesJavaAndItsClasspathFile() throws Exception {
        assertThat(image.entrypoint()).containsExactly("java", "-cp", "@/" + CLASSPATH_FILE, MAIN);
        assertThat(java()).as("java on the image's PATH").isExecutable();
        assertThat(root.resolve("opt/java/lib/security/cacerts")).as("the CA certificates TLS to a provider needs")
                .isNotEmptyFile();
        assertThat(files).contains("app/classes/" + MAIN.replace('.', '/') + ".class", CLASSPATH_FILE);

        List<String> classpath = classpath();
        assertThat(classpath).as("the classpath file").isNotEmpty()
                .allSatisfy(entry -> assertThat(files).as("the image's files").contains(entry.substring(1)));
        String version = System.getProperty("image.name").substring("prompt-engine:".length());
        assertThat(classpath).contains("/app/libs/domain-" + version + ".jar", "/app/libs/application-" + version
                + ".jar", "/app/libs/adapters-http-" + version + ".jar", "/app/libs/adapters-persistence-" + version
                + ".jar", "/app/libs/adapters-llm-" + version + ".jar");
        assertThat(classpath.stream().map(entry -> entry.replaceFirst("-[0-9][^/]*\\.jar$", "")))
                .contains("/app/libs/javalin", "/app/libs/h2", "/app/libs/postgresql", "/app/libs/logback-classic");
    }

    @Test
    void givenTheConfig_container_runsAsTheBaseImagesUserWhereItMayWrite() throws Exception {
        JsonNode config = image.config().get("config");
        assertThat(config.get("User").asString()).isEqualTo("65532");
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("app:x:65532:65532:");
        assertThat(config.get("WorkingDir").asString()).isEqualTo("/var/lib/prompt-engine");
        assertThat(root.resolve("var/lib/prompt-engine")).isDirectory().isWritable();
        assertThat(config.get("ExposedPorts").has("7070/tcp")).isTrue();
    }

    @Test
    void givenTheImagesFiles_server_startsAndRunsAPrompt() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.add("-cp");
        command.add(classpath().stream().map(entry -> root + entry).collect(Collectors.joining(":")));
        command.add(MAIN);
        Map<String, String> settings = Map.of(
                "PE_HOST", "127.0.0.1",
                "PE_DB_URL", "jdbc:h2:file:" + work.resolve("data/prompt-engine"),
                "PE_DEMO_KEY", RunningApp.DEMO_KEY);

        try (CrashServer server = CrashServer.ofCommand(command, settings, Files.createDirectories(work.resolve(
                "logs")))) {
            int port = server.start();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/prompt/execute"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + RunningApp.DEMO_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"from the image\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as("%s; %s", answer.body(), server.logTail()).isEqualTo(200);
            assertThat(Api.JSON.readTree(answer.body()).get("output").asString()).isEqualTo("from the image");
            assertThat(probe(port)).as("the healthcheck's probe while the server runs").isZero();
        }
        assertThat(probe(freePort())).as("the healthcheck's probe with no server").isOne();
    }

    /** The container healthcheck of deploy/compose.yaml, run from the image's files: its exit status. */
    private static int probe(int port) throws Exception {
        Process probe = new ProcessBuilder(java().toString(), "-cp", root.resolve("app/classes").toString(),
                ReadinessProbe.class.getName(), "http://127.0.0.1:" + port + "/health/ready")
                .redirectErrorStream(true).start();
        probe.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("the probe ends").isTrue();
        return probe.exitValue();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code java} as the container would find it: the first directory of the image's PATH that holds it. */
    private static Path java() {
        return Arrays.stream(image.environment().get("PATH").split(":"))
                .map(directory -> root.resolve(directory.substring(1)).resolve("java"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java on the image's PATH "
                        + image.environment().get("PATH")));
    }

    /** The entries of the classpath file, absolute paths inside the image. */
    private static List<String> classpath() throws Exception {
        return List.of(Files.readString(root.resolve(CLASSPATH_FILE)).trim().split(":"));
    }
}

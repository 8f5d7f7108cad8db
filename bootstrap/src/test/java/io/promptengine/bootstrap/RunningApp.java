package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ModelProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real application, as {@code main} builds it, on a free loopback port and a fresh H2 file database in a
 * temporary directory (or a fresh PostgreSQL database, see {@link #onPostgres}); {@link #restart()} stops it and starts it again on the same database. The demo tenant's
 * key ({@link #DEMO_KEY}) and the operator key ({@link #ADMIN_KEY}) are fixed so tests can use them; an override
 * of {@code PE_DEMO_KEY} to {@code ""} leaves the demo key unset, so the start generates one.
 */
final class RunningApp implements AutoCloseable {

    static final String DEMO_KEY = "pe_live_e2e_demo_key_0123456789abcdefghijklmnop";
    private static final String DB_NAME = "db";
    static final String ADMIN_KEY = "pe_admin_e2e_operator_key_0123456789abcdefghijk";

    private final Path directory;
    private final Map<String, String> settings;
    private final List<ModelProvider> extraProviders;
    private PromptEngine engine;
    private Api api;

    private RunningApp(Path directory, Map<String, String> settings, List<ModelProvider> extraProviders) {
        this.directory = directory;
        this.settings = settings;
        this.extraProviders = extraProviders;
        start();
    }

    static RunningApp start(Map<String, String> overrides, ModelProvider... extraProviders) {
        try {
            Path directory = Files.createTempDirectory("pe-e2e-");
            Map<String, String> settings = new HashMap<>();
            settings.put("PE_PORT", "0");
            settings.put("PE_HOST", "127.0.0.1");
            settings.put("PE_DB_URL", "jdbc:h2:file:" + directory.resolve(DB_NAME).toAbsolutePath());
            settings.put("PE_DEMO_KEY", DEMO_KEY);
            settings.put("PE_ADMIN_KEY", ADMIN_KEY);
            settings.put("PE_WORKERS", "4");
            if (onPostgres()) {
                settings.putAll(TestPostgres.freshDatabase());
            }
            settings.putAll(overrides);
            return new RunningApp(directory, settings, List.of(extraProviders));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether this test run puts every app on a fresh database of an embedded PostgreSQL rather than H2: system
     * property {@code pe.test.database=postgresql}, set by the build's PostgreSQL run of the end-to-end tests.
     */
    static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("pe.test.database"));
    }

    static RunningApp start(ModelProvider... extraProviders) {
        return start(Map.of(), extraProviders);
    }

    private void start() {
        PromptEngine.Builder builder = PromptEngine.builder().settings(settings);
        extraProviders.forEach(builder::provider);
        engine = builder.start();
        api = new Api(engine.port().orElseThrow(), DEMO_KEY);
    }

    /** A client authenticated as the demo tenant; every response it receives is checked against /openapi.json. */
    Api api() {
        return api;
    }

    /** A client authenticated with the operator key ({@code PE_ADMIN_KEY} unless a test overrides it). */
    Api admin() {
        return api.withKey(settings.getOrDefault("PE_ADMIN_KEY", ADMIN_KEY));
    }

    PromptEngine engine() {
        return engine;
    }

    /** Stops gracefully and starts again on the same database, as an operator's restart would. */
    void restart() {
        engine.close();
        start();
    }

    /**
     * Copies the database files as they are on disk at this instant: what a process killed now would leave. Every
     * store write is on disk before it returns, so the copy holds every write that has returned.
     */
    Path diskImage() {
        try {
            Path image = Files.createDirectories(directory.resolve("image-" + System.nanoTime()));
            for (Path file : databaseFiles()) {
                Files.copy(file, image.resolve(file.getFileName()));
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops this instance, puts {@code image} in place of the files it left, and starts a new instance on them: a
     * restart after a crash at the moment the image was taken.
     */
    void restartFrom(Path image) {
        engine.close();
        try (Stream<Path> files = Files.list(image)) {
            for (Path file : databaseFiles()) {
                Files.delete(file);
            }
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, directory.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** The files of the H2 database, as they are on disk now. */
    List<Path> databaseFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith(DB_NAME + "."))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

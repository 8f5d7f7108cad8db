package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.local.LocalProviderFactory;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.adapters.persistence.Database;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutionUseCases;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine as a host starts it with the builder: on the host's parts, in process, with HTTP or without. */
class PromptEngineTest {

    @TempDir
    Path directory;

    @Test
    void givenHostsDataSourceAndExecutor_withoutHttp_runsPromptsInProcessAndLeavesThemOpen() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(Database.h2Url("jdbc:h2:file:" + directory.resolve("host").toAbsolutePath()));
        ExecutorService hostThreads = Executors.newFixedThreadPool(2);
        try {
            Execution queued;
            try (PromptEngine engine = PromptEngine.builder().dataSource(dataSource).workerThreads(hostThreads)
                    .withoutHttp().demoKey(RunningApp.DEMO_KEY).operatorKey(RunningApp.ADMIN_KEY).start()) {
                assertThat(engine.port()).isEmpty();
                Caller demo = engine.useCases().access().authenticate().authenticate(RunningApp.DEMO_KEY);
                ExecutionUseCases executions = engine.useCases().executions();

                Execution now = executions.execute().execute(command(demo, "Say hello")).execution();
                queued = executions.execute().submit(command(demo, "Say hello later"));

                assertThat(now.status()).isEqualTo(ExecutionStatus.COMPLETED);
                assertThat(now.output().orElseThrow().text()).contains("Say hello");
                Eventually.await("the queued execution to run on the host's threads",
                        () -> executions.get().get(demo, queued.id().value()).status() == ExecutionStatus.COMPLETED);
            }

            assertThat(hostThreads.isShutdown()).as("the host's executor").isFalse();
            assertThat(count(dataSource, "SELECT count(*) FROM executions")).as("the host's data source").isEqualTo(2);
        } finally {
            hostThreads.shutdownNow();
        }
    }

    @Test
    void givenHttpOnAFreePort_start_servesUntilClosed() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI ready;
        try (PromptEngine engine = PromptEngine.builder()
                .database("jdbc:h2:file:" + directory.resolve("db").toAbsolutePath(), "", "")
                .http("127.0.0.1", 0).demoKey(RunningApp.DEMO_KEY).operatorKey(RunningApp.ADMIN_KEY).start()) {
            ready = URI.create("http://127.0.0.1:" + engine.port().orElseThrow() + "/health/ready");

            assertThat(client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(ready).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void givenMalformedSetting_start_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> PromptEngine.builder().settings(Map.of("PE_WORKERS", "many")).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PE_WORKERS");
    }

    @Test
    void givenDemoPlanThatNoneNames_start_isRefusedAndClosesTheDatabase() {
        String url = "jdbc:h2:mem:refused-" + System.nanoTime();

        assertThatThrownBy(() -> PromptEngine.builder().database(url, "", "").withoutHttp().demoPlan("platinum")
                .start()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PE_DEMO_PLAN");

        // a memory database lives while a connection to it is open: it is gone only if the failed start closed its pool
        assertThatThrownBy(() -> DriverManager.getConnection(Database.h2Url(url) + ";IFEXISTS=TRUE").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("not found");
    }

    private static ExecutePromptCommand command(Caller caller, String input) {
        return new ExecutePromptCommand(caller, "echo", input, ModelParameters.DEFAULTS, "req_embedded",
                Optional.empty());
    }

    private static long count(JdbcDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void givenHostProviderKind_aProvidersFileEntryOfIt_answersCallsRoutedByItsPrefix() throws Exception {
        Path providers = directory.resolve("providers.json");
        Files.writeString(providers, """
                {"providers": [{"name": "canned", "kind": "canned", "model_prefixes": ["canned-"],
                                "answer": "from the host's kind"}]}
                """);

        try (PromptEngine engine = PromptEngine.builder().database("jdbc:h2:mem:kind-" + System.nanoTime(), "", "")
                .settings(Map.of("PE_PROVIDERS_FILE", providers.toString())).providerKind(new CannedKind())
                .withoutHttp().demoKey(RunningApp.DEMO_KEY).start()) {
            Caller demo = engine.useCases().access().authenticate().authenticate(RunningApp.DEMO_KEY);
            Execution execution = engine.useCases().executions().execute()
                    .execute(new ExecutePromptCommand(demo, "canned-1", "Anything", ModelParameters.DEFAULTS, "req_1",
                            Optional.empty())).execution();

            assertThat(execution.output().orElseThrow().text()).isEqualTo("from the host's kind");
            assertThat(execution.request().provider()).isEqualTo("canned");
        }
    }

    @Test
    void givenHostProviderKind_anEntryMissingItsSetting_isRefusedWithFileLineAndField() throws Exception {
        Path providers = directory.resolve("providers.json");
        Files.writeString(providers, """
                {"providers": [
                  {"name": "canned", "kind": "canned"}
                ]}
                """);

        assertThatThrownBy(() -> PromptEngine.builder().database("jdbc:h2:mem:kind-" + System.nanoTime(), "", "")
                .settings(Map.of("PE_PROVIDERS_FILE", providers.toString())).providerKind(new CannedKind())
                .withoutHttp().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PE_PROVIDERS_FILE").hasMessageContaining("line 2").hasMessageContaining("answer");
    }

    @Test
    void givenProviderKindThatIsBuiltIn_start_isRefusedNamingTheKind() {
        assertThatThrownBy(() -> PromptEngine.builder().withoutHttp().providerKind(new LocalProviderFactory())
                .start()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local");
    }

    /** A host's own kind: each entry answers every prompt with its {@code answer} setting. */
    private static final class CannedKind implements ModelProviderFactory {

        private static final Setting<String> ANSWER = Setting.text("answer").required();

        @Override
        public String kind() {
            return "canned";
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(ANSWER);
        }

        @Override
        public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
            String answer = settings.get(ANSWER);
            return new ModelProvider() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public List<String> models() {
                    return List.of();
                }

                @Override
                public ModelResponse complete(ModelRequest request) {
                    return new ModelResponse(answer, new Usage(1, 1), FinishReason.STOP);
                }
            };
        }
    }
}

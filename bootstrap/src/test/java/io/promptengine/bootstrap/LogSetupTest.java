package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class LogSetupTest {

    @AfterEach
    void clear() {
        System.clearProperty("PE_LOG_LEVEL");
        System.clearProperty("PE_LOG_FORMAT");
    }

    @Test
    void isTheConfiguratorLogbackFindsOnTheClasspath() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class))
                .anySatisfy(found -> assertThat(found).isInstanceOf(LogSetup.class));
    }

    @Test
    void givenNoConfigurationOfTheUser_configure_writesOurLinesToStandardOutputAndStopsThere() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);

        assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("STDOUT");
        assertThat(console.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(LogSetup.PATTERN);
        assertThat(context.getLogger("io.promptengine").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void givenLogLevelSetting_configure_setsOurLoggersToIt() {
        System.setProperty("PE_LOG_LEVEL", "debug");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);

        setup.configure(context);

        assertThat(context.getLogger("io.promptengine.bootstrap").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.eclipse.jetty").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void level_namesEveryLevelInAnyCase_andNothingElse() {
        assertThat(LogSetup.level(null)).isEqualTo(Level.INFO);
        assertThat(LogSetup.level(" ")).isEqualTo(Level.INFO);
        assertThat(LogSetup.level("warn")).isEqualTo(Level.WARN);
        assertThat(LogSetup.level(" Trace ")).isEqualTo(Level.TRACE);
        assertThat(LogSetup.level("OFF")).isEqualTo(Level.OFF);
        assertThat(LogSetup.level("verbose")).isNull();
        assertThat(LogSetup.level("ALL")).isNull();
    }

    @Test
    void givenJsonFormat_configure_writesJsonLines() {
        System.setProperty("PE_LOG_FORMAT", "JSON");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);

        setup.configure(context);

        ConsoleAppender<?> console = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("STDOUT");
        assertThat(console.getEncoder()).isInstanceOf(JsonLogLines.class);
    }

    @Test
    void givenUnknownFormat_configure_warnsAndWritesText() {
        System.setProperty("PE_LOG_FORMAT", "yaml");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);

        setup.configure(context);

        ConsoleAppender<?> console = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("STDOUT");
        assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(seen.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .isEqualTo("PE_LOG_FORMAT 'yaml' is not one of text, json; logging text"));
    }

    @Test
    void format_namesTextAndJsonInAnyCase_andNothingElse() {
        assertThat(LogSetup.format(null)).isEqualTo(LogSetup.Format.TEXT);
        assertThat(LogSetup.format("")).isEqualTo(LogSetup.Format.TEXT);
        assertThat(LogSetup.format(" Json ")).isEqualTo(LogSetup.Format.JSON);
        assertThat(LogSetup.format("text")).isEqualTo(LogSetup.Format.TEXT);
        assertThat(LogSetup.format("logfmt")).isNull();
    }

    @Test
    void givenContextIds_textPattern_namesOnlyThoseSet() {
        LoggerContext context = new LoggerContext();
        PatternLayoutEncoder text = (PatternLayoutEncoder) LogSetup.encoder(context, LogSetup.Format.TEXT);
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.promptengine.x"), Level.INFO, "ran", null,
                null);
        event.setMDCPropertyMap(Map.of("request_id", "req_1", "execution_id", "exec_1"));

        String line = new String(text.encode(event), StandardCharsets.UTF_8);

        assertThat(line).contains(" io.promptengine.x request_id=req_1 execution_id=exec_1 - ran")
                .doesNotContain("tenant=").doesNotContain("trace_id=");
    }

    @Test
    void givenEventWithContextAndLineBreaks_jsonLines_isOneObjectOnOneLine() {
        LoggerContext context = new LoggerContext();
        JsonLogLines json = (JsonLogLines) LogSetup.encoder(context, LogSetup.Format.JSON);
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.promptengine.x"), Level.WARN,
                "two\nlines \"quoted\" {}", new IllegalStateException("boom"), new Object[] {"arg"});
        event.setMDCPropertyMap(Map.of("request_id", "req_1", "tenant", "ten_1", "execution_id", "exec_1",
                "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));

        String line = new String(json.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
        tools.jackson.databind.JsonNode parsed = Api.JSON.readTree(line);
        assertThat(parsed.path("level").asString()).isEqualTo("WARN");
        assertThat(parsed.path("logger").asString()).isEqualTo("io.promptengine.x");
        assertThat(parsed.path("message").asString()).isEqualTo("two\nlines \"quoted\" arg");
        assertThat(parsed.path("request_id").asString()).isEqualTo("req_1");
        assertThat(parsed.path("tenant").asString()).isEqualTo("ten_1");
        assertThat(parsed.path("execution_id").asString()).isEqualTo("exec_1");
        assertThat(parsed.path("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parsed.path("exception").asString()).startsWith("java.lang.IllegalStateException: boom\n\tat ");
        assertThat(java.time.Instant.parse(parsed.path("timestamp").asString())).isNotNull();
    }
}

package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class LogSetupTest {

    @AfterEach
    void clear() {
        System.clearProperty("PE_LOG_LEVEL");
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
}

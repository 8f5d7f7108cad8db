package io.promptengine.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.List;

/**
 * The server's logging, set up in code when Logback starts (found through {@code META-INF/services}): one line per
 * event on standard output, {@code PE_LOG_LEVEL} (a system property or the environment, default {@code INFO}) for
 * our own loggers, the libraries' chatter at {@code WARN}. Code instead of a {@code logback.xml} because parsing one
 * is about a tenth of the server's start.
 *
 * <p>A configuration of the user's own wins: with {@code -Dlogback.configurationFile}, or a {@code logback.xml} or
 * {@code logback-test.xml} on the classpath (a host that embeds the engine has its own), this steps aside and
 * Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Our lines: time in UTC, level, thread, logger, the request id when there is one, the message. */
    static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{36} %X{request_id:-} - %msg%n";

    /** Libraries whose INFO lines say nothing an operator needs: WARN and above only. */
    private static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        QUIET_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        String given = setting("PE_LOG_LEVEL");
        Level level = level(given);
        Logger ours = context.getLogger("io.promptengine");
        ours.setLevel(level == null ? Level.INFO : level);
        if (level == null) {
            ours.warn("PE_LOG_LEVEL '{}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF; logging at INFO", given);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level {@code value} names, ignoring case; INFO when it is blank; null when it names none. */
    static Level level(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        Level level = Level.toLevel(value.trim().toUpperCase(Locale.ROOT), null);
        return level == null || level == Level.ALL ? null : level;
    }

    private static boolean userConfiguration() {
        ClassLoader loader = LogSetup.class.getClassLoader();
        return System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ContextInitializer.AUTOCONFIG_FILE) != null
                || loader.getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null;
    }

    private static String setting(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }
}

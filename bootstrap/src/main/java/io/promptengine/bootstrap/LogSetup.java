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
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.List;

/**
 * The server's logging, set up in code when Logback starts (found through {@code META-INF/services}): one line per
 * event on standard output, as text or, with {@code PE_LOG_FORMAT=json}, as one JSON object, {@code PE_LOG_LEVEL} (a system property or the environment, default {@code INFO}) for
 * our own loggers, the libraries' chatter at {@code WARN}. Code instead of a {@code logback.xml} because parsing one
 * is about a tenth of the server's start.
 *
 * <p>A configuration of the user's own wins: with {@code -Dlogback.configurationFile}, or a {@code logback.xml} or
 * {@code logback-test.xml} on the classpath (a host that embeds the engine has its own), this steps aside and
 * Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /**
     * Our text lines: time in UTC, level, thread, logger, the ids of the request and execution the line was written
     * for (each {@code key=value}, only those set), the message.
     */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{36}"
            + "%replace( request_id=%X{request_id}){' request_id=$', ''}%replace( tenant=%X{tenant}){' tenant=$', ''}"
            + "%replace( execution_id=%X{execution_id}){' execution_id=$', ''}"
            + "%replace( trace_id=%X{trace_id}){' trace_id=$', ''} - %msg%n";

    /** Libraries whose INFO lines say nothing an operator needs: WARN and above only. */
    private static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String givenFormat = setting("PE_LOG_FORMAT");
        Format format = format(givenFormat);
        Encoder<ILoggingEvent> encoder = encoder(context, format == null ? Format.TEXT : format);
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
        if (format == null) {
            ours.warn("PE_LOG_FORMAT '{}' is not one of text, json; logging text", givenFormat);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** How each line is written: {@code PE_LOG_FORMAT}. */
    enum Format {
        /** {@link #PATTERN}, for people. */
        TEXT,
        /** One JSON object a line ({@link JsonLogLines}), for log pipelines. */
        JSON
    }

    /** The format {@code value} names, ignoring case; text when it is blank; null when it names none. */
    static Format format(String value) {
        if (value == null || value.isBlank()) {
            return Format.TEXT;
        }
        for (Format format : Format.values()) {
            if (format.name().equalsIgnoreCase(value.trim())) {
                return format;
            }
        }
        return null;
    }

    /** Whether the log is configured to write JSON lines ({@code PE_LOG_FORMAT=json}). */
    static boolean writesJson() {
        return format(setting("PE_LOG_FORMAT")) == Format.JSON;
    }

    /** The started encoder of {@code format}. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            JsonLogLines json = new JsonLogLines();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
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

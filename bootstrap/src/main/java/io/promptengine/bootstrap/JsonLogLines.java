package io.promptengine.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * {@code PE_LOG_FORMAT=json}: each event one JSON object on one line, for a log pipeline to read without a parser
 * of our own. The fields: {@code timestamp} (RFC 3339, UTC), {@code level}, {@code thread}, {@code logger},
 * {@code message} (formatted), every key of the thread's logging context as a field of its own
 * ({@code request_id}, {@code tenant}, {@code execution_id}, {@code trace_id} while a request is served or an
 * execution runs), and {@code exception} with the stack trace when there is one. Values are escaped as JSON
 * strings (Jackson's encoder), line breaks included, so an event never spans two lines.
 */
final class JsonLogLines extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];
    /** Fields of our own, which a logging-context key of the same name does not replace. */
    private static final java.util.Set<String> RESERVED =
            java.util.Set.of("timestamp", "level", "thread", "logger", "message", "exception");

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"timestamp\":");
        string(json, Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "thread", event.getThreadName());
        field(json, "logger", event.getLoggerName());
        field(json, "message", event.getFormattedMessage());
        Map<String, String> context = event.getMDCPropertyMap();
        if (context != null) {
            context.forEach((key, value) -> {
                if (!RESERVED.contains(key) && value != null) {
                    field(json, key, value);
                }
            });
        }
        if (event.getThrowableProxy() != null) {
            StringBuilder trace = new StringBuilder();
            throwable(trace, event.getThrowableProxy(), "");
            field(json, "exception", trace.toString());
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void throwable(StringBuilder trace, IThrowableProxy thrown, String caption) {
        trace.append(caption).append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
            trace.append("\n\tat ").append(frame.getStackTraceElement());
        }
        for (IThrowableProxy suppressed : thrown.getSuppressed()) {
            trace.append('\n');
            throwable(trace, suppressed, "Suppressed: ");
        }
        if (thrown.getCause() != null) {
            trace.append('\n');
            throwable(trace, thrown.getCause(), "Caused by: ");
        }
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append(',');
        string(json, name);
        json.append(':');
        string(json, value == null ? "" : value);
    }

    private static void string(StringBuilder json, String value) {
        JsonStringEncoder.getInstance().quoteAsString(value, json.append('"'));
        json.append('"');
    }
}

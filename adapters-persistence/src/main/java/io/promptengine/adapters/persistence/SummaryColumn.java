package io.promptengine.adapters.persistence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit event's before or after summary in one text column: a {@code field=value} line per field, in order.
 * Field names are identifiers; in values a backslash, a line feed and a carriage return are escaped.
 */
final class SummaryColumn {

    private SummaryColumn() {
    }

    static String encode(Map<String, String> summary) {
        StringBuilder text = new StringBuilder();
        summary.forEach((field, value) -> {
            text.append(field).append('=');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
            text.append('\n');
        });
        return text.toString();
    }

    static Map<String, String> decode(String column) {
        Map<String, String> summary = new LinkedHashMap<>();
        for (String line : column.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            summary.put(line.substring(0, equals), unescape(line.substring(equals + 1)));
        }
        return summary;
    }

    private static String unescape(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}

package io.promptengine.adapters.persistence;

import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code messages} column: an execution's chat messages as one text, each written as its role, a space, the
 * length of its content in chars, a newline and the content. Lengths rather than separators, so that no content
 * (newlines, quotes, anything) needs escaping and no two message lists encode alike; no JSON library here, since
 * the persistence adapter keeps to JDBI and SQL.
 */
final class ChatMessagesColumn {

    private ChatMessagesColumn() {
    }

    /** {@code null} for no messages, as every surface but the chat API stores. */
    static String encode(List<Message> messages) {
        if (messages.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Message message : messages) {
            out.append(message.role().wireName()).append(' ').append(message.content().length()).append('\n')
                    .append(message.content());
        }
        return out.toString();
    }

    static List<Message> decode(String column) {
        if (column == null) {
            return List.of();
        }
        List<Message> messages = new ArrayList<>();
        int at = 0;
        while (at < column.length()) {
            int space = column.indexOf(' ', at);
            int newline = column.indexOf('\n', space);
            if (space < 0 || newline < 0) {
                throw new IllegalStateException("corrupt messages column at char " + at);
            }
            Role role = Role.valueOf(column.substring(at, space).toUpperCase(Locale.ROOT));
            int length = Integer.parseInt(column.substring(space + 1, newline));
            int start = newline + 1;
            messages.add(new Message(role, column.substring(start, start + length)));
            at = start + length;
        }
        return List.copyOf(messages);
    }
}

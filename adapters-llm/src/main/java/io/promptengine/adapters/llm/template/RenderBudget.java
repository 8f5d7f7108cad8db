package io.promptengine.adapters.llm.template;

import java.io.Writer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The limits of one rendering: the characters written and the section iterations made. It hands mustache.java the
 * input as plain maps and lists whose lists count each element read, and a writer that counts each character, so
 * a hostile template is stopped wherever it spends, even when it writes nothing.
 */
final class RenderBudget {

    private final int maxChars;
    private final int maxIterations;
    private final StringBuilder output = new StringBuilder();
    private int iterations;

    RenderBudget(int maxChars, int maxIterations) {
        this.maxChars = maxChars;
        this.maxIterations = maxIterations;
    }

    /** The rendering's scope: objects as maps, arrays as counted lists, numbers as their JSON text. */
    Object scope(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                members.put(member.getKey(), scope(member.getValue()));
            }
            return members;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                elements.add(scope(element));
            }
            return new CountedList(elements);
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    Writer writer() {
        return new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                spend(length);
                output.append(chars, offset, length);
            }

            @Override
            public void write(String text, int offset, int length) {
                spend(length);
                output.append(text, offset, offset + length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    String output() {
        return output.toString();
    }

    /** The limit that stopped a rendering, if {@code failure} or one of its causes is one. */
    static Exceeded exceeded(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Exceeded exceeded) {
                return exceeded;
            }
        }
        return null;
    }

    private void spend(int chars) {
        if (output.length() + (long) chars > maxChars) {
            throw new Exceeded("The rendered prompt would be longer than " + maxChars + " characters");
        }
    }

    /** A JSON array, whose elements cost an iteration each time a section reads one. */
    private final class CountedList extends AbstractList<Object> {

        private final List<Object> elements;

        CountedList(List<Object> elements) {
            this.elements = elements;
        }

        @Override
        public Object get(int index) {
            if (++iterations > maxIterations) {
                throw new Exceeded("The template repeats its sections more than " + maxIterations
                        + " times for this input");
            }
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }
    }

    /** A rendering ran past one of its limits; carries no stack trace, the message says it all. */
    static final class Exceeded extends RuntimeException {

        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}

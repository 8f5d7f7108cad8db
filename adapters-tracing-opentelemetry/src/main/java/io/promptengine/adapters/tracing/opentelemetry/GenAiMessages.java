package io.promptengine.adapters.tracing.opentelemetry;

import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.prompt.Message;
import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The messages of a call in the JSON of the GenAI conventions' {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages}: each message its role and one text part. Only written when content capture is on.
 */
final class GenAiMessages {

    private GenAiMessages() {
    }

    static String input(List<Message> messages) {
        StringBuilder json = new StringBuilder("[");
        for (Message message : messages) {
            if (json.length() > 1) {
                json.append(',');
            }
            message(json, message.role().wireName(), message.content()).append('}');
        }
        return json.append(']').toString();
    }

    static String output(ModelResponse answer) {
        StringBuilder json = new StringBuilder("[");
        message(json, "assistant", answer.text()).append(",\"finish_reason\":");
        return string(json, answer.finishReason().wireName()).append("}]").toString();
    }

    private static StringBuilder message(StringBuilder json, String role, String text) {
        json.append("{\"role\":");
        string(json, role).append(",\"parts\":[{\"type\":\"text\",\"content\":");
        return string(json, text).append("}]");
    }

    private static StringBuilder string(StringBuilder json, String value) {
        JsonStringEncoder.getInstance().quoteAsString(value, json.append('"'));
        return json.append('"');
    }
}

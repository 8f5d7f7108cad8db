package com.example.shout;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A provider with one model, {@code loud}: it answers the last user message in capitals, cut to its first
 * {@code maxWords} words, and ends it with {@code suffix}. It counts a word as a token, and a call's
 * {@code max_tokens} cuts the answer further, as a real model's would ({@link FinishReason#LENGTH}).
 *
 * <p>No network, so the example shows only what the SPI asks of a provider: answer under the entry's name, honour
 * the deadline, report usage, refuse what it cannot serve with the exceptions the core maps.
 */
public final class ShoutModelProvider implements ModelProvider {

    /** The one model it serves. */
    public static final String MODEL = "loud";

    private final String name;
    private final int maxWords;
    private final String suffix;
    private final Clock clock;

    public ShoutModelProvider(String name, int maxWords, String suffix, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be at least 1");
        }
        this.maxWords = maxWords;
        this.suffix = Objects.requireNonNull(suffix, "suffix");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> models() {
        return List.of(MODEL);
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        if (!MODEL.equals(request.model())) {
            throw new InvalidInputException("model", "Provider '" + name + "' serves only model '" + MODEL
                    + "', not '" + request.model() + "'.");
        }
        if (!clock.now().isBefore(request.deadline())) {
            throw new DeadlineExceededException("The deadline passed before '" + name + "' could shout");
        }
        List<String> words = words(lastUserMessage(request.messages()));
        int limit = Math.min(maxWords, request.parameters().maxTokens().orElse(Integer.MAX_VALUE));
        boolean cut = words.size() > limit && limit < maxWords;
        List<String> answer = words.subList(0, Math.min(words.size(), limit));
        long input = request.messages().stream().mapToLong(message -> words(message.content()).size()).sum();
        return new ModelResponse(String.join(" ", answer).toUpperCase(Locale.ROOT) + (cut ? "" : suffix),
                new Usage(Math.max(1, input), Math.max(1, answer.size())),
                cut ? FinishReason.LENGTH : FinishReason.STOP);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private String lastUserMessage(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER && !messages.get(i).content().isBlank()) {
                return messages.get(i).content();
            }
        }
        throw new InvalidInputException("messages", "Provider '" + name + "' shouts the last user message, and the "
                + "request has none");
    }
}

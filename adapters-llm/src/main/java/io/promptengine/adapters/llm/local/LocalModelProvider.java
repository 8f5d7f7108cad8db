package io.promptengine.adapters.llm.local;

import io.promptengine.adapters.llm.StreamSettings;
import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.schema.SchemaExamples;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.Role;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in provider {@code local}: deterministic answers with no network, so that the server runs, demos and
 * tests anywhere.
 *
 * <ul>
 *   <li>{@code echo} answers the last user message verbatim; asked for structured output (an output schema), it
 *       answers a JSON document built from the schema and that message instead ({@link SchemaExamples}): valid
 *       against any schema of ordinary shape, deterministic, so the whole contract path runs offline.
 *   <li>{@code echo-invalid} always answers {@code {"invalid": true}}, whatever it is asked: a model whose structured
 *       output fails validation, for tests and demos of the re-ask and {@code output_validation_failed} path.
 * </ul>
 *
 * <p>An answer is cut to {@code max_tokens} when it is set, as a real model's is (a cut JSON answer no longer
 * parses). Usage is counted with {@link TokenCounter}: input is every message's content, output is the answer.
 */
public final class LocalModelProvider implements ModelProvider {

    private static final String NAME = "local";
    private static final String ECHO = "echo";
    private static final String ECHO_INVALID = "echo-invalid";
    private static final String INVALID_ANSWER = "{\"invalid\": true}";
    private static final List<String> MODELS = List.of(ECHO, ECHO_INVALID);
    /** A word and the white space after it; leading white space is a piece of its own. */
    private static final Pattern PIECE = Pattern.compile("\\s+(?=\\S)|\\S+\\s*|\\s+$");

    private final String name;
    private final TokenCounter tokens;
    private final Clock clock;
    private final SchemaExamples examples = new SchemaExamples();
    private final Duration pace;

    public LocalModelProvider(TokenCounter tokens, Clock clock) {
        this(NAME, tokens, clock);
    }

    /** The same models under another provider name, as a providers-file entry of kind {@code local} gives it. */
    public LocalModelProvider(String name, TokenCounter tokens, Clock clock) {
        this(name, tokens, clock, Duration.ZERO);
    }

    /** @param pace the pause between two streamed words, at most {@code stream_pace_ms}'s bound (10 s) */
    public LocalModelProvider(String name, TokenCounter tokens, Clock clock, Duration pace) {
        Objects.requireNonNull(pace, "pace");
        if (pace.isNegative() || pace.toMillis() > StreamSettings.MAX_PACE_MS) {
            throw new IllegalArgumentException("pace is from 0 to " + StreamSettings.MAX_PACE_MS + " ms");
        }
        this.pace = pace;
        this.name = Objects.requireNonNull(name, "name");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> models() {
        return MODELS;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        if (!MODELS.contains(request.model())) {
            throw new InvalidInputException("model", "Model '" + request.model()
                    + "' is not a local model. The local provider serves: " + String.join(", ", MODELS) + ".");
        }
        if (!clock.now().isBefore(request.deadline())) {
            throw new DeadlineExceededException("The deadline passed before local model '" + request.model()
                    + "' could answer");
        }
        return answer(request, ECHO_INVALID.equals(request.model()) ? INVALID_ANSWER : echo(request));
    }

    /**
     * Streams the answer {@link #complete} gives a word at a time (each piece a word and the white space after
     * it), pausing {@code pace} before each piece after the first; the deadline ends a paced stream as it ends a
     * remote one. Usage is reported before the first piece, as a remote provider's is at the stream's start.
     */
    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        ModelResponse answer = complete(request);
        listener.usage(answer.usage());
        Matcher words = PIECE.matcher(answer.text());
        boolean first = true;
        while (words.find()) {
            if (!first) {
                pause(request);
            }
            first = false;
            listener.text(words.group());
        }
        return answer;
    }

    private void pause(ModelRequest request) {
        if (!clock.now().isBefore(request.deadline())) {
            throw late(request);
        }
        if (pace.isZero()) {
            return;
        }
        Duration left = Duration.between(clock.now(), request.deadline());
        if (left.compareTo(pace) < 0) {
            sleep(left);
            throw late(request);
        }
        sleep(pace);
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(Math.max(0, time.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("The local stream was interrupted", e);
        }
    }

    private static DeadlineExceededException late(ModelRequest request) {
        return new DeadlineExceededException("The deadline passed while local model '" + request.model()
                + "' was streaming its answer");
    }

    private String echo(ModelRequest request) {
        String message = lastUserMessage(request.messages());
        return request.outputSchema().map(schema -> examples.example(schema, message)).orElse(message);
    }

    private ModelResponse answer(ModelRequest request, String answer) {
        long input = tokens.count(request.messages());
        OptionalInt maxTokens = request.parameters().maxTokens();
        if (maxTokens.isEmpty()) {
            return new ModelResponse(answer, new Usage(input, tokens.count(answer)), FinishReason.STOP);
        }
        TokenCounter.Prefix cut = tokens.prefix(answer, maxTokens.getAsInt());
        return new ModelResponse(cut.text(), new Usage(input, cut.tokens()),
                cut.truncated() ? FinishReason.LENGTH : FinishReason.STOP);
    }

    private static String lastUserMessage(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).content();
            }
        }
        throw new InvalidInputException("messages",
                "Local model '" + ECHO + "' answers the last user message, and the request has none");
    }
}

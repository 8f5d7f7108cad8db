package io.promptengine.adapters.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import io.promptengine.application.port.out.TokenEstimator;
import io.promptengine.domain.prompt.Message;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts tokens with OpenAI's {@code cl100k_base} encoding, for providers that do not report usage themselves.
 *
 * <p>Why {@code cl100k_base} and not the newer {@code o200k_base}: a count here is an estimate for every model
 * that does not report its own, and jtokkit makes {@code cl100k_base} the cheap one. It splits words with a
 * hand-written parser instead of a regular expression (about 1.3 µs against 5 µs for a 30-word prompt), and its
 * vocabulary loads in half the time (0.5 s against 0.9 s) and half the heap (18 MB against 35 MB).
 *
 * <p>Text that spells a special token, such as {@code <|endoftext|>}, is counted as ordinary text: prompts are
 * untrusted input, and jtokkit would otherwise refuse them.
 *
 * <p>Thread-safe, and meant to be built once per process by the composition root. The vocabulary loads on first
 * use, not in the constructor, so that a server which never counts never pays for it at startup.
 */
public final class TokenCounter implements TokenEstimator {

    private final ReentrantLock loading = new ReentrantLock();
    private volatile Encoding encoding;

    /** Tokens in {@code text}. */
    public int count(String text) {
        return encoding().countTokensOrdinary(text);
    }

    @Override
    public long tokens(String text) {
        return count(text);
    }

    @Override
    public long tokens(List<Message> messages) {
        return count(messages);
    }

    /**
     * Tokens in the messages' contents, with no per-message overhead: the framing a chat format adds around
     * each message (about 3 tokens in OpenAI's) belongs to that format, and providers that use one report
     * their own usage.
     */
    public long count(List<Message> messages) {
        long tokens = 0;
        for (Message message : messages) {
            tokens += count(message.content());
        }
        return tokens;
    }

    /**
     * {@code text} cut to at most {@code maxTokens} tokens, never inside a character: a character that spans
     * several tokens is dropped whole, so a cut prefix may hold fewer than {@code maxTokens} tokens.
     */
    public Prefix prefix(String text, int maxTokens) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be greater than 0");
        }
        Encoding loaded = encoding();
        EncodingResult result = loaded.encodeOrdinary(text, maxTokens);
        int tokens = result.getTokens().size();
        return result.isTruncated()
                ? new Prefix(loaded.decode(result.getTokens()), tokens, true)
                : new Prefix(text, tokens, false);
    }

    /** The start of a text, how many tokens it holds, and whether anything was cut off after it. */
    public record Prefix(String text, int tokens, boolean truncated) {

        public Prefix {
            Objects.requireNonNull(text, "text");
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens must not be negative");
            }
        }
    }

    private Encoding encoding() {
        Encoding loaded = encoding;
        if (loaded != null) {
            return loaded;
        }
        // A lock rather than synchronized: the first callers may be virtual threads, which a monitor would pin.
        loading.lock();
        try {
            if (encoding == null) {
                // The lazy registry reads only the vocabulary asked for; the default one would read all four.
                encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
            }
            return encoding;
        } finally {
            loading.unlock();
        }
    }
}

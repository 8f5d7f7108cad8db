package io.promptengine.domain.execution;

/**
 * Tokens a model call consumed, as the provider counted them.
 *
 * <p>{@code inputTokens} are all the tokens the model read, cached or not; {@code cachedInputTokens} of them were
 * read from the provider's prompt cache (OpenAI {@code prompt_tokens_details.cached_tokens}, Anthropic
 * {@code cache_read_input_tokens}) and {@code cacheWriteTokens} were written to it (Anthropic
 * {@code cache_creation_input_tokens}). {@code outputTokens} are all the tokens it produced; {@code reasoningTokens}
 * of them were reasoning the caller does not see (OpenAI {@code completion_tokens_details.reasoning_tokens}). So the
 * details are parts of the two totals, never added to them, and each may have a price of its own.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
        long reasoningTokens) {

    public static final Usage NONE = new Usage(0, 0);

    /** Tokens without the cache or reasoning details. */
    public Usage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, 0, 0);
    }

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (cachedInputTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached and cache-write tokens are part of the input tokens: "
                    + cachedInputTokens + " + " + cacheWriteTokens + " > " + inputTokens);
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException(
                    "reasoning tokens are part of the output tokens: " + reasoningTokens + " > " + outputTokens);
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Input tokens read neither from nor into the prompt cache: those priced at the plain input rate. */
    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWriteTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens, cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens);
    }
}

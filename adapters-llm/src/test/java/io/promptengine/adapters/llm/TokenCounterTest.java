package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.prompt.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Expected counts are those of cl100k_base, as tiktoken and jtokkit compute them. */
class TokenCounterTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final String FOX = "The quick brown fox jumps over the lazy dog.";

    @Test
    void givenText_count_matchesCl100kBase() {
        assertThat(TOKENS.count("hello world")).isEqualTo(2);
        assertThat(TOKENS.count(FOX)).isEqualTo(10);
        assertThat(TOKENS.count("héllo wörld")).isEqualTo(6);
        assertThat(TOKENS.count("")).isZero();
    }

    @Test
    void givenTextSpellingASpecialToken_count_countsItAsOrdinaryText() {
        assertThat(TOKENS.count("hello <|endoftext|> world")).isEqualTo(8);
    }

    @Test
    void givenMessages_count_sumsTheirContentsWithNoPerMessageOverhead() {
        List<Message> messages = List.of(Message.system("You are terse."), Message.user("hello world"),
                Message.assistant(""), Message.user(FOX));

        assertThat(TOKENS.count(messages)).isEqualTo(4 + 2 + 0 + 10);
    }

    @Test
    void givenTextWithinTheLimit_prefix_keepsItWhole() {
        TokenCounter.Prefix prefix = TOKENS.prefix(FOX, 11);

        assertThat(prefix).isEqualTo(new TokenCounter.Prefix(FOX, 10, false));
    }

    @Test
    void givenTextOfExactlyTheLimit_prefix_keepsItWhole() {
        assertThat(TOKENS.prefix(FOX, 10)).isEqualTo(new TokenCounter.Prefix(FOX, 10, false));
    }

    @Test
    void givenTextOverTheLimit_prefix_cutsAtTheLimit() {
        assertThat(TOKENS.prefix(FOX, 3)).isEqualTo(new TokenCounter.Prefix("The quick brown", 3, true));
    }

    @Test
    void givenCutInsideACharacter_prefix_dropsTheWholeCharacter() {
        // cl100k_base spends two tokens on the emoji
        assertThat(TOKENS.prefix("a\uD83D\uDE00", 2)).isEqualTo(new TokenCounter.Prefix("a", 1, true));
        assertThat(TOKENS.prefix("\uD83D\uDE00", 1)).isEqualTo(new TokenCounter.Prefix("", 0, true));
    }

    @Test
    void givenNoTokensAllowed_prefix_isRejected() {
        assertThatThrownBy(() -> TOKENS.prefix(FOX, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenManyThreadsOnAFreshCounter_count_agreesEverywhere() throws Exception {
        TokenCounter fresh = new TokenCounter();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                counts.add(threads.submit(() -> fresh.count(FOX)));
            }
            for (Future<Integer> count : counts) {
                assertThat(count.get()).isEqualTo(10);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

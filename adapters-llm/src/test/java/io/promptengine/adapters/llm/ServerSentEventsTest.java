package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.ServerSentEvents.Event;
import io.promptengine.domain.error.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    private final List<Event> events = new ArrayList<>();
    private final ServerSentEvents parser = new ServerSentEvents("Test", events::add);

    @Test
    void givenEventsWithEveryLineEnding_feed_dispatchesEachOnItsBlankLine() {
        feed("event: a\ndata: one\n\nevent: b\r\ndata: two\r\n\r\nevent: c\rdata: three\r\r");

        assertThat(events).containsExactly(new Event("a", "one", ""), new Event("b", "two", ""),
                new Event("c", "three", ""));
    }

    @Test
    void givenMultiLineDataCommentsAndFields_feed_joinsDataAndKeepsIdAndRetry() {
        feed(": a comment\ndata:first\ndata:  second\nid: 7\nretry: 1500\nunknown: x\ndata\n\n");

        assertThat(events).containsExactly(new Event("message", "first\n second\n", "7"));
        assertThat(parser.retryMillis()).isEqualTo(1500);
    }

    @Test
    void givenBlockWithoutData_feed_dispatchesNothingAndResetsTheType() {
        feed("event: ping\n\ndata: x\n\n");

        assertThat(events).containsExactly(new Event("message", "x", ""));
    }

    @Test
    void givenIncompleteEvent_feed_holdsItUntilItsBlankLine() {
        feed("data: x\n");

        assertThat(events).isEmpty();
        feed("\n");
        assertThat(events).hasSize(1);
    }

    @Test
    void givenAnySplitOfTheBytes_feed_dispatchesTheSameEvents() {
        String stream = "\uFEFFevent: delta\r\ndata: {\"text\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\"}\r\n\r\n: ping\r"
                + "\ndata: a\rdata: b\n\r\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<Event> whole = new ArrayList<>();
        new ServerSentEvents("Test", whole::add).feed(bytes);
        assertThat(whole).containsExactly(new Event("delta", "{\"text\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\"}", ""),
                new Event("message", "a\nb", ""));

        for (int size = 1; size <= 7; size++) {
            List<Event> split = new ArrayList<>();
            ServerSentEvents pieces = new ServerSentEvents("Test", split::add);
            for (int i = 0; i < bytes.length; i += size) {
                byte[] piece = new byte[Math.min(size, bytes.length - i)];
                System.arraycopy(bytes, i, piece, 0, piece.length);
                pieces.feed(piece);
            }
            assertThat(split).as("pieces of %d bytes", size).isEqualTo(whole);
        }
    }

    @Test
    void givenLineOverTheBound_feed_throwsUpstream() {
        ServerSentEvents small = new ServerSentEvents("Test", 16, events::add);

        assertThatThrownBy(() -> small.feed("data: 0123456789abcdef".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("over 16 bytes");
    }

    @Test
    void givenEventOverTheBound_feed_throwsUpstream() {
        ServerSentEvents small = new ServerSentEvents("Test", 16, events::add);

        assertThatThrownBy(() -> small.feed("data: 0123456\ndata: 0123456\ndata: 0123456\n"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("event over 16 bytes");
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }
}

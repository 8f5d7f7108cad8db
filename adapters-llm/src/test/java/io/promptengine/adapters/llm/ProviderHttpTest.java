package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.adapters.llm.StallingProviderStub.Stall;
import io.promptengine.adapters.llm.StallingProviderStub.StallEnd;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProviderHttpTest {

    @Test
    void givenBodyOverTheBound_send_isUpstreamNotRetriedAndClosesTheConnectionAtOnce() throws Exception {
        try (StallingProviderStub stub = new StallingProviderStub(Stall.MID_BODY)) {
            ProviderHttp http = new ProviderHttp("Stub", 50, Instant::now);
            HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));

            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> http.send(call, "gpt-4o", Instant.now().plusSeconds(8)));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown).isInstanceOf(UpstreamException.class)
                    .hasMessage("Stub answered with a body over 50 bytes");
            assertThat(((UpstreamException) thrown).retryable()).as("the provider did the work").isFalse();
            assertThat(waited).as("refused on the first bytes past the bound, not at the deadline")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(stub.stalledConnectionClosed().get(4, TimeUnit.SECONDS)).isEqualTo(StallEnd.CLIENT_CLOSED);
        }
    }

    @Test
    void givenTracedModelCall_request_carriesItsSpanAsTraceparent_andAnUntracedOneNoHeader() {
        ModelRequest untraced = new ModelRequest("gpt-4o", List.of(Message.user("hi")), ModelParameters.DEFAULTS,
                Instant.now().plusSeconds(5));
        TraceParent span = new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        URI uri = URI.create("http://127.0.0.1:1/v1/chat/completions");

        assertThat(ProviderHttp.request(uri, untraced.withTraceParent(span)).GET().build().headers()
                .firstValue("traceparent")).contains(span.value());
        assertThat(ProviderHttp.request(uri, untraced).GET().build().headers().firstValue("traceparent")).isEmpty();
    }
}

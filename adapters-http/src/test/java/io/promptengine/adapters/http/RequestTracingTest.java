package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The routes' tracing hook and the ids of their log lines, on a real server with a recording tracer. */
class RequestTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** One span as the routes began and ended it. */
    record Begun(String method, String route, String path, String traceparent, List<Integer> ended) {
    }

    private final List<Begun> spans = new CopyOnWriteArrayList<>();
    private final RequestTracing recording = (method, route, path, header) -> {
        Begun begun = new Begun(method, route, path, header.apply("traceparent"), new CopyOnWriteArrayList<>());
        spans.add(begun);
        return new RequestTracing.Span() {
            @Override
            public Optional<String> traceId() {
                return Optional.of(TRACE_ID);
            }

            @Override
            public void end(int status) {
                begun.ended().add(status);
            }
        };
    };
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger errorMapping = (Logger) LoggerFactory.getLogger(ErrorMapping.class);
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, true, Duration.ofSeconds(5)),
                recording);
        lines.start();
        errorMapping.addAppender(lines);
        errorMapping.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        errorMapping.detachAppender(lines);
        errorMapping.setLevel(null);
        server.close();
    }

    @Test
    void givenRequest_routes_beginASpanNamedByTheRouteTemplate_andEndItWithTheStatus() {
        String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
        TestServer.Reply reply = server.send(server.authorized("/v1/executions/exec_nope")
                .header("traceparent", traceparent).GET().build());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(spans).singleElement().satisfies(span -> {
            assertThat(span.method()).isEqualTo("GET");
            assertThat(span.route()).isEqualTo("/v1/executions/{id}");
            assertThat(span.path()).isEqualTo("/v1/executions/exec_nope");
            assertThat(span.traceparent()).isEqualTo(traceparent);
            assertThat(span.ended()).containsExactly(404);
        });
    }

    @Test
    void givenPathNoRouteServes_fallback_beginsASpanWithoutRoute() {
        server.get("/no/such/endpoint");

        assertThat(spans).singleElement().satisfies(span -> assertThat(span.route()).isEmpty());
    }

    @Test
    void givenAuthenticatedRequest_theCoreRunsWithItsIds_inTheThreadsLogContext() {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        server.executePrompt.onExecute = () -> seen.set(MDC.getCopyOfContextMap());

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(seen.get()).containsEntry("request_id", reply.header("X-Request-Id"))
                .containsEntry("tenant", Executions.ACME.tenantId().value())
                .containsEntry("trace_id", TRACE_ID);
    }

    @Test
    void givenUnexpectedFailure_theErrorMappingsLine_carriesTheRequestsIds() {
        server.executePrompt.failure = command -> new IllegalStateException("boom");

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

        assertThat(reply.status()).isEqualTo(500);
        ILoggingEvent unexpected = lines.list.stream()
                .filter(line -> line.getFormattedMessage().startsWith("Unexpected error")).findFirst()
                .orElseThrow(() -> new AssertionError("no error line in " + lines.list));
        assertThat(unexpected.getMDCPropertyMap()).containsEntry("request_id", reply.header("X-Request-Id"))
                .containsEntry("tenant", Executions.ACME.tenantId().value())
                .containsEntry("trace_id", TRACE_ID);
        assertThat(spans).singleElement().satisfies(span -> assertThat(span.ended()).containsExactly(500));
    }

    @Test
    void givenHostValuesInTheLogContext_requestLogContext_putsThemBackWhenItCloses() {
        MDC.put("request_id", "host-request");
        try {
            try (RequestLogContext logged = RequestLogContext.open("req_1", Optional.of(TRACE_ID))) {
                RequestLogContext.authenticated(Executions.ACME.tenantId());
                assertThat(MDC.get("request_id")).isEqualTo("req_1");
                assertThat(MDC.get("tenant")).isEqualTo(Executions.ACME.tenantId().value());
            }
            assertThat(MDC.get("request_id")).isEqualTo("host-request");
            assertThat(MDC.get("tenant")).isNull();
            assertThat(MDC.get("trace_id")).isNull();
        } finally {
            MDC.clear();
        }
    }
}

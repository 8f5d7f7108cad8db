package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of metrics: every request reported by its route template, and {@code /metrics} for the operator. */
class MetricsRoutesTest {

    /** One report of a served request. */
    private record Served(String method, String route, int status) {
    }

    private final List<Served> served = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> accepts = new CopyOnWriteArrayList<>();
    private final TestServer server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, true,
            Duration.ofSeconds(5)), Optional.of(new HttpMetrics() {
                @Override
                public void served(String method, String route, int status, Duration took) {
                    assertThat(took).isPositive();
                    MetricsRoutesTest.this.served.add(new Served(method, route, status));
                }

                @Override
                public Scrape scrape(Optional<String> accept) {
                    accepts.add(accept);
                    return new Scrape("text/plain; version=0.0.4; charset=utf-8",
                            "pe_up 1\n".getBytes(StandardCharsets.UTF_8));
                }
            }));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givenRequestsOnParameterisedRoutes_eachIsReportedByItsTemplate() {
        int execution = server.get("/v1/executions/exec_8c1f2a").status();
        int status = server.get("/v1/executions/exec_8c1f2a/status").status();
        int executed = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"hi\"}").status();

        assertThat(served).containsExactly(new Served("GET", "/v1/executions/{id}", execution),
                new Served("GET", "/v1/executions/{id}/status", status),
                new Served("POST", "/v1/prompt/execute", executed));
        assertThat(executed).isEqualTo(200);
        assertThat(served).noneMatch(each -> each.route().contains("8c1f2a"));
    }

    @Test
    void givenPathsNoRouteServes_theyAreReportedUnderFixedLabels() {
        int unknown = server.postJson("/api/v1/no-such-endpoint-3b9", "{}").status();
        int endpoint = server.postJson(FakeCallEndpoint.PATH, "{\"text\":\"hi\"}").status();

        assertThat(unknown).isEqualTo(404);
        assertThat(served).containsExactly(new Served("POST", HttpMetrics.UNMATCHED, 404),
                new Served("POST", HttpMetrics.TENANT_ENDPOINT, endpoint));
        assertThat(served).noneMatch(each -> each.route().contains("3b9"));
    }

    @Test
    void givenOperatorKey_metrics_servesTheScrapeWithItsContentType() {
        TestServer.Reply reply = server.send(server.operator("/metrics")
                .header("Accept", "application/openmetrics-text").GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(reply.body()).isEqualTo("pe_up 1\n");
        assertThat(accepts).containsExactly(Optional.of("application/openmetrics-text"));
        assertThat(served).containsExactly(new Served("GET", "/metrics", 200));
    }

    @Test
    void givenNoOperatorKey_metrics_isRefusedWithoutScraping() {
        TestServer.Reply anonymous = server.send(server.anonymous("/metrics").GET().build());
        TestServer.Reply tenant = server.get("/metrics");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(tenant.status()).isIn(401, 403);
        assertThat(accepts).isEmpty();
    }

    @Test
    void givenNoMetrics_metrics_isNotARoute() {
        try (TestServer plain = new TestServer()) {
            assertThat(plain.send(plain.operator("/metrics").GET().build()).status()).isEqualTo(404);
        }
    }
}

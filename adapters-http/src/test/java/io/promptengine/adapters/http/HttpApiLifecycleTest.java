package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpApiLifecycleTest {

    @Test
    void givenPortZero_start_returnsTheBoundFreePort() {
        try (TestServer server = new TestServer()) {
            assertThat(server.port).isPositive();
            assertThat(server.api.port()).isEqualTo(server.port);
            assertThat(server.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void givenRequestInFlight_stop_letsItFinish() throws Exception {
        TestServer server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, false,
                Duration.ofSeconds(10)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> inFlight = heldExecution(server, "slow", release);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        Thread.sleep(1_500); // longer than Jetty's idle timeout for connections during shutdown
        assertThat(stopping).isNotDone();
        release.countDown();

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"output\":\"slow\"");
        stopping.get(10, TimeUnit.SECONDS);
    }

    @Test
    void givenRequestOutlastingTheStopTimeout_stop_cutsItOffAndStillStops() throws Exception {
        TestServer server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, false,
                Duration.ofMillis(300)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> inFlight = heldExecution(server, "stuck", release);

        server.close();
        release.countDown();

        assertThat(inFlight).failsWithin(Duration.ofSeconds(10));
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port), 1_000))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void givenVirtualThreadsOnJdk21_requests_runOnVirtualThreads() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        try (TestServer server = new TestServer()) {
            server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

            assertThat(isVirtual(server.executePrompt.lastThread)).isTrue();
        }
    }

    @Test
    void givenVirtualThreadsOff_requests_runOnPlatformThreads() throws Exception {
        try (TestServer server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, false,
                Duration.ofSeconds(1)))) {
            server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

            assertThat(isVirtual(server.executePrompt.lastThread)).isFalse();
        }
    }

    @Test
    void settings_refuseNonsense() {
        HttpSettings defaults = HttpSettings.defaults();

        assertThat(defaults.host()).isEqualTo("0.0.0.0");
        assertThat(defaults.port()).isEqualTo(7070);
        assertThat(defaults.maxBodyBytes()).isEqualTo(1_048_576);
        assertThatThrownBy(() -> defaults.withPort(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withHost(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withStopTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code Thread.isVirtual()} exists from JDK 21; this module compiles for 17. */
    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (boolean) isVirtual.invoke(thread);
    }

    /** Sends an execute request that the fake holds until {@code release}; returns once the server is in it. */
    private static CompletableFuture<HttpResponse<String>> heldExecution(TestServer server, String input,
            CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        server.executePrompt.onExecute = () -> {
            entered.countDown();
            await(release);
        };
        CompletableFuture<HttpResponse<String>> inFlight = java.net.http.HttpClient.newHttpClient().sendAsync(
                server.authorized("/v1/prompt/execute").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"echo\",\"input\":\"" + input + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        return inFlight;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

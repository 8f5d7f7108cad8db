package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

    @Test
    void givenReadyThenUnavailableThenGone_ready_followsTheAnswer() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health/ready");
        try {
            assertThat(ReadinessProbe.ready(uri)).as("200").isTrue();
            status.set(503);
            assertThat(ReadinessProbe.ready(uri)).as("503").isFalse();
        } finally {
            server.stop(0);
        }
        assertThat(ReadinessProbe.ready(uri)).as("nothing listening").isFalse();
    }
}

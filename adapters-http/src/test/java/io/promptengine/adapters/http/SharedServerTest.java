package io.promptengine.adapters.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One real server per test class, its fakes reset before each test: a stop costs Jetty's shutdown idle time. */
abstract class SharedServerTest {

    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetFakes() {
        server.reset();
    }
}

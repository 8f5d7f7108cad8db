package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the real application routes calls of tenant endpoints, the stored-prompt API and the test route, and what
 * each refuses before any prompt runs. Nothing here needs an endpoint or a prompt to exist.
 */
class StoredPromptRoutingEndToEndTest {

    private static final String BASE_DOMAIN = "api.example.test";
    private static final String UNKNOWN_PROMPT = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
    private static final String BODY = "{\"text\":\"Endprompt is a platform for building LLM-powered APIs...\"}";

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_BASE_DOMAIN", BASE_DOMAIN));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenPathWithNoEndpoint_post_isNotFoundAfterAdmission() {
        Api.Reply reply = app.api().post("/api/v1/no-such-endpoint", BODY);

        assertThat(assertError(reply, 404, "not_found").path("message").asString())
                .isEqualTo("No endpoint at POST /api/v1/no-such-endpoint");
        assertThat(reply.header("X-RateLimit-Limit")).isPresent();
    }

    @Test
    void givenNoKey_tenantEndpointCall_isUnauthorized() {
        assertError(app.api().withKey(null).post("/api/v1/summarize", BODY), 401, "unauthorized");
    }

    @Test
    void givenUnknownPathOfOurOwn_post_isNoRouteEvenWithoutAKey() {
        Api.Reply reply = app.api().withKey(null).post("/v1/no-such-route", BODY);

        assertThat(assertError(reply, 404, "not_found").path("message").asString())
                .isEqualTo("No route for POST /v1/no-such-route");
    }

    @Test
    void givenGetOfATenantPath_request_isNoRoute() {
        assertError(app.api().get("/api/v1/summarize"), 404, "not_found");
    }

    @Test
    void givenHostOfAnotherTenant_tenantEndpointCall_isForbidden() throws IOException {
        assertThat(statusLine("other." + BASE_DOMAIN)).contains(" 403 ");
        assertThat(statusLine("demo." + BASE_DOMAIN)).as("the demo key's own tenant").doesNotContain(" 403 ");
        assertThat(statusLine("127.0.0.1")).as("direct access").doesNotContain(" 403 ");
    }

    @Test
    void givenUnknownOrMalformedPromptId_storedPromptApi_isNotFound() {
        String body = "{\"message\":\"Please analyze this text and provide feedback.\"}";

        assertError(app.api().post("/v1/prompt/" + UNKNOWN_PROMPT + "/local", body), 404, "not_found");
        assertError(app.api().post("/v1/prompt/not-a-uuid/local", body), 404, "not_found");
    }

    @Test
    void givenBodyWithoutMessage_storedPromptApi_isRefusedNamingTheField() {
        assertValidationError(app.api().post("/v1/prompt/" + UNKNOWN_PROMPT + "/local", "{}"), "message");
    }

    @Test
    void givenUnknownPromptOrVersion_testRoute_isNotFound() {
        assertError(app.api().post("/v1/prompts/" + UNKNOWN_PROMPT + "/versions/1/test", "{\"input\":{}}"), 404,
                "not_found");
        assertError(app.api().post("/v1/prompts/" + UNKNOWN_PROMPT + "/versions/zero/test", "{\"input\":{}}"), 404,
                "not_found");
    }

    /** The status line of a tenant endpoint call with this {@code Host}, which the JDK client will not set. */
    private static String statusLine(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.api().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/summarize HTTP/1.1\r\nHost: " + host + "\r\nx-api-key: " + RunningApp.DEMO_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length()
                    + "\r\nConnection: close\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            return text.substring(0, text.indexOf('\r'));
        }
    }
}

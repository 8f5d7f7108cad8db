package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running a prompt is admitted first; from then on every answer carries the limit's headers. */
class RateLimitHeadersTest extends SharedServerTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String BODY = "{\"model\":\"echo\",\"input\":\"Hi\"}";
    private static final Allowance SPENT = new Allowance(60, 0, Instant.parse("2025-05-29T10:16:30Z"));

    @Test
    void givenAdmittedRequest_200_carriesLimitRemainingAndResetRoundedUp() {
        TestServer.Reply reply = server.postJson(EXECUTE, BODY);

        assertThat(reply.status()).isEqualTo(200);
        assertLimitHeaders(reply, "60", "42", "1748513791");
        assertThat(reply.header("Retry-After")).isNull();
        assertThat(server.admission.lastCaller).isEqualTo(Executions.ACME.inRequest(reply.header("X-Request-Id")));
    }

    @Test
    void givenAdmittedAsyncRequest_202_carriesTheHeaders() {
        TestServer.Reply reply = server.postJson(EXECUTE, "{\"model\":\"echo\",\"input\":\"Hi\",\"async\":true}");

        assertThat(reply.status()).isEqualTo(202);
        assertLimitHeaders(reply, "60", "42", "1748513791");
    }

    @Test
    void givenAdmittedRequestWithABadBody_400_carriesTheHeaders() {
        TestServer.Reply reply = server.postJson(EXECUTE, "{\"model\":\"echo\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("input");
        assertLimitHeaders(reply, "60", "42", "1748513791");
    }

    @Test
    void givenAdmittedRequestWhoseModelFails_502_carriesTheHeaders() {
        server.executePrompt.failure = command -> new UpstreamException("The provider answered 500");

        TestServer.Reply reply = server.postJson(EXECUTE, BODY);

        assertThat(reply.status()).isEqualTo(502);
        assertLimitHeaders(reply, "60", "42", "1748513791");
    }

    @Test
    void givenRateLimited_429_isTheEnvelopeWithRetryAfterAndRunsNothing() {
        server.admission.refusal = LimitExceededException.rateLimited("This tenant's plan allows 60 requests per minute",
                SPENT, Duration.ofMillis(7_200));

        TestServer.Reply reply = server.postJson(EXECUTE, BODY);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.errorCode()).isEqualTo("rate_limited");
        assertThat(reply.errorMessage()).isEqualTo("This tenant's plan allows 60 requests per minute");
        assertLimitHeaders(reply, "60", "0", "1748513790");
        assertThat(reply.header("Retry-After")).isEqualTo("8");
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenQuotaExceeded_429_isQuotaExceededWithRetryAfter() {
        server.admission.refusal = LimitExceededException.quotaExceeded("The monthly quota is used up",
                new Allowance(1_000, 998, Instant.parse("2025-05-29T10:16:30Z")), Duration.ofDays(3));

        TestServer.Reply reply = server.postJson(EXECUTE, BODY);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.errorCode()).isEqualTo("quota_exceeded");
        assertLimitHeaders(reply, "1000", "998", "1748513790");
        assertThat(reply.header("Retry-After")).isEqualTo("259200");
    }

    @Test
    void givenAWaitBelowASecond_retryAfter_isOne() {
        server.admission.refusal = LimitExceededException.rateLimited("wait", SPENT, Duration.ZERO);

        assertThat(server.postJson(EXECUTE, BODY).header("Retry-After")).isEqualTo("1");
    }

    @Test
    void givenRefusal_theBody_isNeverRead() {
        server.admission.refusal = LimitExceededException.rateLimited("wait", SPENT, Duration.ofSeconds(3));

        TestServer.Reply reply = server.postJson(EXECUTE, "{not json");

        assertThat(reply.status()).isEqualTo(429);
    }

    @Test
    void givenUnknownKey_401_hasNoRateLimitHeadersAndCountsNothing() {
        TestServer.Reply reply = server.send(server.anonymous(EXECUTE).header("Authorization", "Bearer pe_live_nope")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("X-RateLimit-Limit")).isNull();
        assertThat(server.admission.lastCaller).isNull();
    }

    @Test
    void readingExecutions_isNotRateLimited() {
        TestServer.Reply reply = server.get("/v1/executions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-RateLimit-Limit")).isNull();
        assertThat(server.admission.lastCaller).isNull();
    }

    @Test
    void theDocument_requiresTheHeadersOnASuccessAndRetryAfterOnA429() {
        String completed = "{\"id\":\"exec_1\",\"status\":\"completed\",\"model\":\"echo\",\"output\":\"Hi\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2,\"cached_input_tokens\":0,"
                + "\"cache_write_tokens\":0,\"reasoning_tokens\":0},"
                + "\"created_at\":\"2025-05-29T10:15:30Z\",\"completed_at\":\"2025-05-29T10:15:31Z\"}";
        String refused = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"m\",\"request_id\":\"r\"}}";
        Map<String, List<String>> limited = Map.of("Content-Type", List.of("application/json"),
                "X-Request-Id", List.of("req_1"), "X-RateLimit-Limit", List.of("60"),
                "X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1748513790"));
        Map<String, List<String>> withRetryAfter = new HashMap<>(limited);
        withRetryAfter.put("Retry-After", List.of("8"));
        Map<String, List<String>> bare = Map.of("Content-Type", List.of("application/json"),
                "X-Request-Id", List.of("req_1"));

        assertThat(OpenApiContract.problems("POST", EXECUTE, 200, limited, completed)).isEmpty();
        assertThat(OpenApiContract.problems("POST", EXECUTE, 200, bare, completed)).isNotEmpty();
        assertThat(OpenApiContract.problems("POST", EXECUTE, 429, withRetryAfter, refused)).isEmpty();
        assertThat(OpenApiContract.problems("POST", EXECUTE, 429, limited, refused)).isNotEmpty();
    }

    private static void assertLimitHeaders(TestServer.Reply reply, String limit, String remaining, String reset) {
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo(limit);
        assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(remaining);
        assertThat(reply.header("X-RateLimit-Reset")).isEqualTo(reset);
    }
}

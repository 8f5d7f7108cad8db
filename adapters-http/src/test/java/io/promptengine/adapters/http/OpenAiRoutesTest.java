package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAI-compatible routes' wire format and error shape, on the real server with fakes at the use cases. */
class OpenAiRoutesTest extends SharedServerTest {

    private static final String CHAT = "{\"model\":\"local/echo\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello \"},{\"type\":\"text\",\"text\":\"world\"}]}]";

    @Test
    void givenMessages_chat_answersAChatCompletion() {
        TestServer.Reply reply = server.postJson("/v1/chat/completions",
                CHAT + ",\"temperature\":0.5,\"max_completion_tokens\":50,\"user\":\"ignored\",\"seed\":null}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("id", "object", "created", "model", "choices", "usage");
        assertThat(body.path("id").asString()).isEqualTo("chatcmpl-exec_1");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hello world");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.has("logprobs")).isTrue();
        JsonNode usage = body.path("usage");
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isIntegralNumber()).isTrue();
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").isIntegralNumber()).isTrue();
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_1");
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("60");

        var command = server.executePrompt.lastCommand;
        assertThat(command.messages()).containsExactly(Message.system("Be brief."), Message.user("Hello world"));
        assertThat(command.parameters().maxTokens()).hasValue(50);
        assertThat(command.parameters().temperature()).hasValue(0.5);
        assertThat(command.outputSchema()).isEmpty();
    }

    @Test
    void givenAJsonSchemaResponseFormat_chat_holdsTheAnswerToTheSchema() {
        server.postJson("/v1/chat/completions", CHAT + ",\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"s\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}");

        assertThat(server.executePrompt.lastCommand.outputSchema()).hasValueSatisfying(
                schema -> assertThat(schema.document()).isEqualTo("{\"type\":\"object\"}"));
    }

    @Test
    void givenStreamWithUsage_chat_sendsChunksThenUsageThenDone() {
        TestServer.Reply reply = server.postJson("/v1/chat/completions",
                CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/event-stream");
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_1");
        List<String> data = dataLines(reply.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(TestServer.JSON::readTree).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString()).isEqualTo("chatcmpl-exec_1");
        });
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asString()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(
                choice -> text.append(choice.path("delta").path("content").asString(""))));
        assertThat(text.toString()).isEqualTo("Hello world");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.path("usage").isNull()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("total_tokens").asLong()).isPositive();
    }

    @Test
    void givenAnIdempotencyKey_chatStreamedTwice_replaysTheChunksAtOnce() {
        HttpRequest request = server.authorized("/v1/chat/completions").header("Content-Type", "application/json")
                .header("Idempotency-Key", "chat-stream-1")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT + ",\"stream\":true}")).build();

        TestServer.Reply first = server.send(request);
        TestServer.Reply replay = server.send(request);

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Content-Type")).startsWith("text/event-stream");
        List<String> data = dataLines(replay.body());
        assertThat(data).last().isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        data.subList(0, data.size() - 1).forEach(line -> TestServer.JSON.readTree(line).path("choices").forEach(
                choice -> text.append(choice.path("delta").path("content").asString(""))));
        assertThat(text.toString()).isEqualTo("Hello world");
        assertThat(TestServer.JSON.readTree(data.get(0)).path("id").asString())
                .isEqualTo(TestServer.JSON.readTree(dataLines(first.body()).get(0)).path("id").asString());
        assertThat(server.executePrompt.lastCommand.idempotencyKey()).contains("chat-stream-1");
    }

    @Test
    void givenClientHangsUpMidStream_chat_theObserverThrowsAndTheUseCaseStops() throws Exception {
        String words = "word ".repeat(2_000);
        CountDownLatch closed = new CountDownLatch(1);
        server.executePrompt.betweenDeltas = () -> {
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                                + words + "\"}]}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        body.read();
        body.close();
        closed.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.executePrompt.lastStreamEnd == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.executePrompt.lastStreamEnd).isInstanceOf(EventStream.ClientGoneException.class);
    }

    @Test
    void givenStreamWithoutUsage_chat_sendsNoUsageChunk() {
        List<String> data = dataLines(server.postJson("/v1/chat/completions", CHAT + ",\"stream\":true}").body());

        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(data.subList(0, data.size() - 1)).allSatisfy(line -> {
            JsonNode chunk = TestServer.JSON.readTree(line);
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices").size()).isEqualTo(1);
        });
    }

    @Test
    void givenFailureAfterTheStreamBegan_chat_endsWithAnOpenAiErrorDataLine() {
        server.executePrompt.streamFailure = new ExecutionFailedException(
                new UpstreamException("The provider failed mid-stream"), "exec_1");

        List<String> data = dataLines(server.postJson("/v1/chat/completions", CHAT + ",\"stream\":true}").body());

        JsonNode error = TestServer.JSON.readTree(data.get(data.size() - 1)).path("error");
        assertThat(error.path("message").asString()).isEqualTo("The provider failed mid-stream");
        assertThat(error.path("type").asString()).isEqualTo("server_error");
        assertThat(error.path("code").asString()).isEqualTo("upstream_error");
        assertThat(data).doesNotContain("[DONE]");
    }

    @Test
    void givenNoKey_chat_isAnOpenAiInvalidApiKeyError() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/chat/completions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT + "}"))
                .build());

        assertThat(reply.status()).isEqualTo(401);
        assertOpenAiError(reply, "invalid_request_error", "invalid_api_key", null);
    }

    @Test
    void givenInvalidJson_chat_isAnOpenAiBadRequest() {
        TestServer.Reply reply = server.postJson("/v1/chat/completions", "{\"model\":");

        assertThat(reply.status()).isEqualTo(400);
        assertOpenAiError(reply, "invalid_request_error", "invalid_json", null);
    }

    @Test
    void givenUnsupportedRequests_chat_namesTheParameter() {
        assertRefused(CHAT + ",\"n\":2}", "n");
        assertRefused(CHAT + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", "tools");
        assertRefused(CHAT + ",\"stop\":[\"x\"]}", "stop");
        assertRefused(CHAT + ",\"top_p\":0.5}", "top_p");
        assertRefused(CHAT + ",\"frobnicate\":1}", "frobnicate");
        assertRefused(CHAT + ",\"max_tokens\":5,\"max_completion_tokens\":6}", "max_completion_tokens");
        assertRefused(CHAT + ",\"stream_options\":{\"include_usage\":true}}", "stream_options");
        assertRefused(CHAT + ",\"response_format\":{\"type\":\"json_schema\"}}", "response_format.json_schema");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"http://x\"}}]}]}", "messages[0].content[0].type");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages[0].role");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}", "messages");
        assertRefused("{\"model\":\"m\",\"messages\":[]}", "messages");
        assertRefused("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
    }

    @Test
    void givenRateLimited_chat_isAnOpenAiRateLimitErrorWithRetryAfter() {
        server.admission.refusal = LimitExceededException.rateLimited("This tenant's plan allows 60 requests per "
                + "minute", FakeAdmission.ALLOWANCE, Duration.ofSeconds(7));

        TestServer.Reply reply = server.postJson("/v1/chat/completions", CHAT + "}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertOpenAiError(reply, "rate_limit_error", "rate_limit_exceeded", null);
    }

    @Test
    void givenAnOversizedBody_chat_isAnOpenAi413() {
        String big = "x".repeat((int) TestServer.LIMIT + 1_024);
        TestServer.Reply reply = server.postJson("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");

        assertThat(reply.status()).isEqualTo(413);
        assertOpenAiError(reply, "invalid_request_error", "payload_too_large", null);
    }

    @Test
    void givenAnotherMediaType_chat_isAnOpenAi415() {
        TestServer.Reply reply = server.send(server.authorized("/v1/chat/completions")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(CHAT + "}")).build());

        assertThat(reply.status()).isEqualTo(415);
        assertOpenAiError(reply, "invalid_request_error", "unsupported_media_type", null);
    }

    @Test
    void givenAnUpstreamFailure_chat_isAnOpenAi502() {
        server.executePrompt.failure = command -> new ExecutionFailedException(
                new UpstreamException("The provider failed"), "exec_9");

        TestServer.Reply reply = server.postJson("/v1/chat/completions", CHAT + "}");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_9");
        assertOpenAiError(reply, "server_error", "upstream_error", null);
    }

    @Test
    void models_listsThemInOpenAisShape() {
        TestServer.Reply reply = server.get("/v1/models");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("object").asString()).isEqualTo("list");
        JsonNode first = reply.json().path("data").get(0);
        assertThat(first.path("id").asString()).isEqualTo("local/echo");
        assertThat(first.path("object").asString()).isEqualTo("model");
        assertThat(first.path("owned_by").asString()).isEqualTo("local");
        assertThat(first.path("created").isIntegralNumber()).isTrue();
    }

    @Test
    void givenNoKey_models_isAnOpenAiError_andOtherRoutesKeepTheirEnvelope() {
        TestServer.Reply models = server.send(server.anonymous("/v1/models").GET().build());
        TestServer.Reply executions = server.send(server.anonymous("/v1/executions").GET().build());

        assertThat(models.status()).isEqualTo(401);
        assertOpenAiError(models, "invalid_request_error", "invalid_api_key", null);
        assertThat(executions.json().path("error").path("code").asString()).isEqualTo("unauthorized");
        assertThat(executions.json().path("error").has("request_id")).isTrue();
    }

    private void assertRefused(String body, String param) {
        TestServer.Reply reply = server.postJson("/v1/chat/completions", body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertOpenAiError(reply, "invalid_request_error", "validation_error", param);
    }

    private static void assertOpenAiError(TestServer.Reply reply, String type, String code, String param) {
        JsonNode error = reply.json().path("error");
        assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("type").asString()).isEqualTo(type);
        assertThat(error.path("code").asString()).isEqualTo(code);
        if (param == null) {
            assertThat(error.path("param").isNull()).isTrue();
        } else {
            assertThat(error.path("param").asString()).isEqualTo(param);
        }
    }

    private static List<String> dataLines(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }
}

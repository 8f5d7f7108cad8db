package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a cached answer: the SHA-256 of everything that decides what a model is asked: tenant, prompt version,
 * provider, model, temperature, max tokens, output schema, input, message and chat messages. Two requests share a key exactly
 * when they would send the same prompt to the same model under the same contract. The input is taken as the
 * surface hands it over: the HTTP adapter writes a JSON input compactly with its keys sorted, so key order and
 * whitespace do not matter; numbers keep their text ({@code 1.0} and {@code 1} render differently in a template,
 * so they are different inputs).
 *
 * @param tenantId kept beside the hash so that a store can evict or list a tenant's entries
 */
public record CacheKey(String tenantId, String sha256) {

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public CacheKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sha256, "sha256");
        if (!HEX_64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
    }

    /** The key of what {@code request} asks; the API key, request id and idempotency key do not matter. */
    public static CacheKey of(ExecutionRequest request) {
        MessageDigest digest = newDigest();
        field(digest, request.tenantId().value());
        field(digest, request.promptVersionId().orElse(""));
        field(digest, request.provider());
        field(digest, request.model());
        field(digest, request.parameters().temperature().isPresent()
                ? Double.toString(request.parameters().temperature().getAsDouble()) : "");
        field(digest, request.parameters().maxTokens().isPresent()
                ? Integer.toString(request.parameters().maxTokens().getAsInt()) : "");
        field(digest, request.outputSchema().map(schema -> schema.document()).orElse(""));
        field(digest, request.message().orElse(""));
        field(digest, request.input());
        // the chat API's messages, each as its role then its content: the same conversation is the same key; none
        // adds nothing, so that the keys of every other surface stay what they were
        if (!request.messages().isEmpty()) {
            field(digest, Integer.toString(request.messages().size()));
            request.messages().forEach(message -> {
                field(digest, message.role().wireName());
                field(digest, message.content());
            });
        }
        return new CacheKey(request.tenantId().value(), HexFormat.of().formatHex(digest.digest()));
    }

    /** Each field with its length first, so that no two different field lists hash the same bytes. */
    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

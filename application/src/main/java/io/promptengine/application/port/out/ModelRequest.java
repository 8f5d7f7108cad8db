package io.promptengine.application.port.out;

import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a model.
 *
 * @param model the provider's own model name (routing has already stripped any {@code provider/} prefix)
 * @param deadline the provider must answer, retries included, before this instant
 * @param outputSchema when present, the answer must be a JSON document that satisfies it: a provider asks for it
 *     with its structured-output feature where it has one
 * @param traceParent the span of this call, when it is traced: a provider that speaks HTTP sends it on as the W3C
 *     {@code traceparent} header, so that the provider's side of the call joins the trace
 */
public record ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline,
        Optional<SchemaContract> outputSchema, Optional<TraceParent> traceParent) {

    /** A call that is not traced. */
    public ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline,
            Optional<SchemaContract> outputSchema) {
        this(model, messages, parameters, deadline, outputSchema, Optional.empty());
    }

    /** A request for free text. */
    public ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline) {
        this(model, messages, parameters, deadline, Optional.empty());
    }

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model call has at least one message");
        }
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(traceParent, "traceParent");
    }

    /** This call, made as the span {@code trace}. */
    public ModelRequest withTraceParent(TraceParent trace) {
        return new ModelRequest(model, messages, parameters, deadline, outputSchema, Optional.of(trace));
    }
}

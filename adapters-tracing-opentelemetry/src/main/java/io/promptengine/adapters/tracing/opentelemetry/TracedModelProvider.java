package io.promptengine.adapters.tracing.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.PromptEngineException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A provider whose every call is one client span of the OpenTelemetry GenAI semantic conventions (the inference
 * span, in the attribute names of semantic conventions 1.37 and later: {@code gen_ai.provider.name}, which replaced
 * {@code gen_ai.system}). The span is current while the call runs, and the provider is handed it as the call's
 * {@link ModelRequest#traceParent()}, which it sends on as {@code traceparent}. Each attempt the core makes is a
 * call of its own, so a retried call is several spans.
 *
 * <p>The prompt and the answer are recorded ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}) only
 * when the operator asked for content capture: they are the tenants' data.
 */
final class TracedModelProvider implements ModelProvider {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final String CHAT = "chat";

    private final ModelProvider delegate;
    private final Tracer tracer;
    private final boolean captureContent;

    TracedModelProvider(ModelProvider delegate, Tracer tracer, boolean captureContent) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.captureContent = captureContent;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<String> models() {
        return delegate.models();
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        return traced(request, delegate::complete);
    }

    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        return traced(request, call -> delegate.stream(call, listener));
    }

    private ModelResponse traced(ModelRequest request, Function<ModelRequest, ModelResponse> call) {
        Span span = tracer.spanBuilder(CHAT + " " + request.model())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, CHAT)
                .setAttribute(PROVIDER, providerName(delegate.name()))
                .setAttribute(REQUEST_MODEL, request.model())
                .startSpan();
        request.parameters().temperature().ifPresent(value -> span.setAttribute(TEMPERATURE, value));
        request.parameters().maxTokens().ifPresent(value -> span.setAttribute(MAX_TOKENS, (long) value));
        if (captureContent) {
            span.setAttribute(INPUT_MESSAGES, GenAiMessages.input(request.messages()));
        }
        try (Scope current = span.makeCurrent()) {
            ModelResponse answer = call.apply(request.withTraceParent(Spans.traceParent(span.getSpanContext())));
            // the providers answer for the model they were asked for; none reports another one back to us
            span.setAttribute(RESPONSE_MODEL, request.model());
            span.setAttribute(INPUT_TOKENS, answer.usage().inputTokens());
            span.setAttribute(OUTPUT_TOKENS, answer.usage().outputTokens());
            span.setAttribute(FINISH_REASONS, List.of(answer.finishReason().wireName()));
            if (captureContent) {
                span.setAttribute(OUTPUT_MESSAGES, GenAiMessages.output(answer));
            }
            return answer;
        } catch (RuntimeException e) {
            span.setAttribute(ERROR_TYPE, errorType(e));
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Our error code for the failures we know (low in cardinality, as error.type asks), else the class. */
    static String errorType(RuntimeException e) {
        return e instanceof PromptEngineException known ? known.kind().code() : e.getClass().getName();
    }

    /** The conventions' well-known value for the providers that have one; the configured name otherwise. */
    static String providerName(String name) {
        return "azure".equals(name) ? "azure.ai.openai" : name;
    }
}

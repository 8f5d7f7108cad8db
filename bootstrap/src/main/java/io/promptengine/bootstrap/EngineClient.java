package io.promptengine.bootstrap;

import io.promptengine.adapters.http.PlainJson;
import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.in.UseCases;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A running engine used in process, acting for one tenant: what the HTTP API does for a request of that tenant,
 * called as Java methods with Java values. Made by {@link PromptEngine#tenant(String)} (the host names the tenant
 * and acts with every scope, on the tenant's plan) or {@link PromptEngine#authenticate(String)} (an API key, with
 * its scopes and its own limit). The caller is resolved again on every call, as each HTTP request authenticates:
 * a tenant deactivated or a key revoked since is refused from then on. Thread-safe; cheap to keep.
 *
 * <p><b>The same rules as over HTTP.</b> Every call that starts an execution is first admitted by the tenant's
 * plan ({@code LimitExceededException} when over its rate or token limits), then runs through the same use case,
 * with the same response cache, the same idempotency keys and the same execution record. Executions a host runs for
 * a tenant it named are recorded under the API key id {@value #HOST_KEY}.
 *
 * <p><b>Errors are the exceptions the HTTP API maps</b> to its status codes, all {@code PromptEngineException}s of
 * the domain: {@code InvalidInputException} (400, naming the field), {@code AuthenticationException} (401),
 * {@code PermissionDeniedException} (403), {@code NotFoundException} (404), {@code ConflictException} (409),
 * {@code IdempotencyMismatchException} (422), {@code LimitExceededException} (429), {@code UpstreamException},
 * {@code OutputValidationException}, {@code DeadlineExceededException}, {@code UnavailableException}. A sync call
 * that fails after its execution was recorded throws an {@code ExecutionFailedException}, as the use cases do and
 * unchanged: its {@code kind()} is the failure's, {@code failure()} is the typed exception (with, say, a
 * {@code CircuitOpenException}'s retry time) and {@code executionId()} names the record, which the HTTP API sends
 * as {@code X-Execution-Id}. Catch {@code PromptEngineException} and switch on {@code kind()} to treat both alike.
 *
 * <p><b>Idempotency keys</b> have the HTTP API's semantics: the same key and the same request answer again as the
 * first call did ({@link Answer#replayed()}) with no second model call; another request under the key is an
 * {@code IdempotencyMismatchException}; a call while the first still runs is a {@code ConflictException}. In
 * process the key stands for the execution the call started, and a replay reads that execution back (its current
 * state, for an async one). A key used in process and then over HTTP, or the other way, is a different request and
 * a mismatch. A call refused before it stored an execution (bad input, a limit) frees its key for a retry.
 */
public final class EngineClient {

    /** The API key id on the execution records of a tenant the host named; never a real key's ({@code key_…}). */
    public static final String HOST_KEY = "host";

    private final UseCases useCases;
    private final Supplier<Caller> caller;
    private final PlainJson json;
    private final InProcessIdempotency idempotent;

    private EngineClient(UseCases useCases, Supplier<Caller> caller, PlainJson json) {
        this.useCases = useCases;
        this.caller = caller;
        this.json = json;
        this.idempotent = new InProcessIdempotency(useCases.access().idempotency(), useCases.executions().get());
    }

    /**
     * Acting for {@code tenant}, named by its id or its slug as the admin API names it; a {@code NotFoundException}
     * now when there is none, a {@code PermissionDeniedException} when it is deactivated.
     */
    static EngineClient forTenant(UseCases useCases, PlainJson json, String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        Supplier<Caller> named = () -> hostNamed(useCases, tenant);
        named.get();
        return new EngineClient(useCases, named, json);
    }

    /** Acting with {@code apiKey}, checked now and on every call exactly as a request's key is. */
    static EngineClient forKey(UseCases useCases, PlainJson json, String apiKey) {
        Supplier<Caller> keyed = () -> useCases.access().authenticate().authenticate(apiKey);
        keyed.get();
        return new EngineClient(useCases, keyed, json);
    }

    private static Caller hostNamed(UseCases useCases, String tenant) {
        Tenant found = useCases.administration().tenants().get(tenant);
        if (!found.active()) {
            throw new PermissionDeniedException("Tenant '" + found.slug() + "' is deactivated");
        }
        return new Caller(found.id(), new ApiKeyId(HOST_KEY), EnumSet.allOf(Scope.class), found.plan(),
                OptionalInt.empty());
    }

    /** The id of the tenant this client acts for. */
    public String tenantId() {
        return caller.get().tenantId().value();
    }

    /**
     * Runs the prompt now, on this thread, or answers it from the response cache, as {@code POST
     * /v1/prompt/execute} does without {@code async}.
     */
    public Answer execute(PromptRequest request) {
        Caller acting = admitted();
        ExecutePromptCommand command = command(acting, request);
        return idempotent.serve(acting, request.idempotencyKey(), "execute\n" + json.write(fields(request, false)),
                new SyncCall() {
                    @Override
                    public Answer run() {
                        return completed(useCases.executions().execute().execute(command));
                    }
                });
    }

    /**
     * Runs the prompt now, on this thread, with its text handed to {@code observer} as the model makes it, as
     * {@code "stream": true} does: admitted, recorded, priced and charged like {@link #execute}, never through the
     * response cache. An observer that throws from {@code delta} stops the model call; the execution ends
     * {@code cancelled} with the tokens used so far, and its exception comes back from here. An idempotency key is
     * refused: a stream cannot be replayed in process.
     */
    public Answer stream(PromptRequest request, StreamObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (request.idempotencyKey().isPresent()) {
            throw new InvalidInputException("idempotency_key", "A streamed execution takes no idempotency key");
        }
        Caller acting = admitted();
        return completed(useCases.executions().execute().stream(command(acting, request), observer));
    }

    /**
     * Queues the prompt for a worker and returns its {@code queued} execution at once, as {@code "async": true}
     * does; follow it with {@link #execution(String)}. Never answered from the cache.
     */
    public Execution submit(PromptRequest request) {
        Caller acting = admitted();
        ExecutePromptCommand command = command(acting, request);
        return idempotent.serve(acting, request.idempotencyKey(), "execute\n" + json.write(fields(request, true)),
                new InProcessIdempotency.Call<>() {
                    @Override
                    public Execution run() {
                        return useCases.executions().execute().submit(command);
                    }

                    @Override
                    public Execution execution(Execution queued) {
                        return queued;
                    }

                    @Override
                    public Optional<CacheStatus> cache(Execution queued) {
                        return Optional.empty();
                    }

                    @Override
                    public Execution answer(Execution recorded, Optional<CacheStatus> cache, boolean replayed) {
                        return recorded;
                    }
                });
    }

    /**
     * Calls the tenant's endpoint at {@code call.path()} with its input as plain Java values, as a {@code POST} to
     * that path does: the input is checked against the endpoint's input schema ({@code InvalidInputException}), the
     * endpoint's live prompt runs, and the output is the document its output schema describes.
     */
    public Answer call(EndpointCall call) {
        Caller acting = admitted();
        String input = json.writeObject(call.input());
        CallEndpointCommand command = new CallEndpointCommand(acting, Optional.empty(), call.path(),
                call.promptName(), input, requestId(), call.cacheBypass(), call.idempotencyKey());
        String request = "call\n" + call.path() + "\n" + call.promptName().orElse("") + "\n" + input;
        return idempotent.serve(acting, call.idempotencyKey(), request, new SyncCall() {
            @Override
            public Answer run() {
                return completed(useCases.storedPrompts().callEndpoint().call(command));
            }
        });
    }

    /** One execution of the tenant; a {@code NotFoundException} for another tenant's, exactly like a missing one. */
    public Execution execution(String executionId) {
        return useCases.executions().get().get(caller.get(), executionId);
    }

    /** The first page of the tenant's executions, newest first, as {@code GET /v1/executions} lists them. */
    public ExecutionList executions() {
        return executions(ExecutionFilter.NONE, Optional.empty(), ListExecutionsQuery.DEFAULT_LIMIT);
    }

    /**
     * A page of the tenant's executions that pass {@code filter}, newest first, after the {@code cursor} of the
     * previous page ({@link ExecutionList#nextCursor()}); {@code limit} from 1 to
     * {@value ListExecutionsQuery#MAX_LIMIT}.
     */
    public ExecutionList executions(ExecutionFilter filter, Optional<String> cursor, int limit) {
        return useCases.executions().list().list(new ListExecutionsQuery(caller.get(), filter, cursor, limit));
    }

    /** Cancels a queued or running execution; a {@code ConflictException} once it has ended. */
    public Execution cancel(String executionId) {
        return useCases.executions().cancel().cancel(caller.get(), executionId);
    }

    /** The tenant's endpoints, to manage. */
    public EndpointDefinitions endpoints() {
        return new EndpointDefinitions(useCases.storedPrompts().endpoints(), caller);
    }

    /** The tenant's prompts and their versions, to manage. */
    public PromptDefinitions prompts() {
        return new PromptDefinitions(useCases.storedPrompts().prompts(), caller);
    }

    /** The caller of this call, admitted by its plan as a request that runs a prompt is. */
    private Caller admitted() {
        Caller acting = caller.get();
        useCases.access().admit().admit(acting);
        return acting;
    }

    private static ExecutePromptCommand command(Caller acting, PromptRequest request) {
        return new ExecutePromptCommand(acting, request.model(), request.input(), request.parameters(), requestId(),
                request.idempotencyKey(), request.cacheBypass());
    }

    /** What makes two prompt requests the same one, in the fields of the HTTP body. */
    private static Map<String, Object> fields(PromptRequest request, boolean async) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", request.model());
        fields.put("input", request.input());
        request.parameters().temperature().ifPresent(temperature -> fields.put("temperature", temperature));
        request.parameters().maxTokens().ifPresent(maxTokens -> fields.put("max_tokens", maxTokens));
        fields.put("async", async);
        return fields;
    }

    /** Stored on the execution as its request id, as {@code X-Request-Id} is over HTTP. */
    private static String requestId() {
        return "in-process-" + UUID.randomUUID();
    }

    /** The answer of a call that ran now. */
    private Answer completed(ExecutionResult result) {
        return answer(result.execution(), result.cache(), false);
    }

    /** The answer of {@code completed}, parsed from its output. */
    private Answer answer(Execution completed, Optional<CacheStatus> cache, boolean replayed) {
        ExecutionOutput output = completed.output().orElseThrow(() -> new IllegalStateException(
                "completed execution " + completed.id().value() + " has no output"));
        Object value = output.json().map(json::read).orElse(output.text());
        return new Answer(completed.id().value(), value, output.text(), completed.usage(), cache, replayed,
                completed);
    }

    /** A sync call: it answers with its completed execution, and a replay of a failed one throws its failure. */
    private abstract class SyncCall implements InProcessIdempotency.Call<Answer> {

        @Override
        public Execution execution(Answer answer) {
            return answer.execution();
        }

        @Override
        public Optional<CacheStatus> cache(Answer answer) {
            return answer.cache();
        }

        @Override
        public Answer answer(Execution recorded, Optional<CacheStatus> cache, boolean replayed) {
            if (recorded.status() != ExecutionStatus.COMPLETED) {
                throw RecordedFailure.of(recorded);
            }
            return EngineClient.this.answer(recorded, cache, replayed);
        }
    }
}

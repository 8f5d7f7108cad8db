package io.promptengine.adapters.http;

import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The ids every log line written while a request is served carries, in the logging context of its thread:
 * {@code request_id} and {@code trace_id} from the start, {@code tenant} once the caller is authenticated (the
 * core adds {@code execution_id} while it runs one). {@link #close} puts back what the thread had before, which is
 * nothing on the server's own threads and the host's own values on a host's.
 */
final class RequestLogContext implements AutoCloseable {

    static final String REQUEST_ID = "request_id";
    static final String TRACE_ID = "trace_id";
    static final String TENANT = "tenant";
    static final String EXECUTION_ID = "execution_id";
    private static final List<String> KEYS = List.of(REQUEST_ID, TRACE_ID, TENANT, EXECUTION_ID);

    private final Map<String, String> before;

    private RequestLogContext(Map<String, String> before) {
        this.before = before;
    }

    static RequestLogContext open(String requestId, Optional<String> traceId) {
        Map<String, String> before = new java.util.HashMap<>();
        for (String key : KEYS) {
            before.put(key, MDC.get(key));
            MDC.remove(key);
        }
        MDC.put(REQUEST_ID, requestId);
        traceId.ifPresent(id -> MDC.put(TRACE_ID, id));
        return new RequestLogContext(before);
    }

    /** The request's caller is {@code tenant}'s: the lines from here on name it. */
    static void authenticated(TenantId tenant) {
        MDC.put(TENANT, tenant.value());
    }

    @Override
    public void close() {
        before.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}

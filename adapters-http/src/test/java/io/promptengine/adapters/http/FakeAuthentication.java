package io.promptengine.adapters.http;

import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Knows a few secrets; any other is refused the way the real service refuses it. */
final class FakeAuthentication implements AuthenticateUseCase {

    static final String KEY = "pe_live_test_key";
    static final String DEACTIVATED_KEY = "pe_live_deactivated";

    private final Map<String, Caller> callers = new ConcurrentHashMap<>(Map.of(KEY, Executions.ACME));
    volatile String lastPresented;

    void reset() {
        callers.clear();
        callers.put(KEY, Executions.ACME);
        lastPresented = null;
    }

    void register(String secret, Caller caller) {
        callers.put(secret, caller);
    }

    @Override
    public Caller authenticate(String presentedSecret) {
        lastPresented = presentedSecret;
        if (presentedSecret == null || presentedSecret.isBlank()) {
            throw new AuthenticationException("Missing API key");
        }
        if (presentedSecret.equals(DEACTIVATED_KEY)) {
            throw new PermissionDeniedException("Tenant 'acme' is deactivated");
        }
        Caller caller = callers.get(presentedSecret);
        if (caller == null) {
            throw new AuthenticationException("Invalid API key");
        }
        return caller;
    }
}

package io.promptengine.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a console request comes from, as its session says once the key behind it has been checked again.
 *
 * @param caller the tenant's key, with the scopes it holds now; empty for the operator
 * @param csrfToken what a state-changing request of the session must carry
 */
public record ConsoleVisit(Optional<Caller> caller, String csrfToken) {

    public ConsoleVisit {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    public boolean operator() {
        return caller.isEmpty();
    }
}

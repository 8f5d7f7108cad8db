package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * A new console session: the token the browser keeps in its cookie, which is shown nowhere else and stored only as
 * a hash, and who signed in.
 */
public record ConsoleSignIn(String token, ConsoleVisit visit) {

    public ConsoleSignIn {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(visit, "visit");
    }

    @Override
    public String toString() {
        return "ConsoleSignIn[token=<hidden>, visit=" + visit.caller() + "]";
    }
}

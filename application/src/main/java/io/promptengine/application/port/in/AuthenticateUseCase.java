package io.promptengine.application.port.in;

/** Turns the secret a client presented into a {@link Caller}, or refuses with 401/403. */
public interface AuthenticateUseCase {

    Caller authenticate(String presentedSecret);
}

package io.promptengine.adapters.http.console;

import java.util.Optional;

/** The sign-in form; {@code error} is why the last attempt was refused. */
record SignInPage(Frame frame, Optional<String> error) {
}

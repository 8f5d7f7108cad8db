package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.ConsoleSignIn;
import io.promptengine.application.port.in.ConsoleVisit;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.PromptEngineException;
import java.util.Optional;

/**
 * Sign-in and sign-out. The key is posted once, exchanged for a session, and not kept anywhere: not in the cookie,
 * not in a page, not in the browser's storage. A refused key gets the API's message on the form again.
 */
final class SignInRoutes {

    /** The form field of the key; a password input, so that the browser does not show or autofill it casually. */
    static final String KEY_FIELD = "key";
    private static final int MAX_KEY_LENGTH = 512;

    private final ConsoleSessionUseCases sessions;
    private final Pages pages;
    private final Assets assets;

    SignInRoutes(ConsoleSessionUseCases sessions, Pages pages, Assets assets) {
        this.sessions = sessions;
        this.pages = pages;
        this.assets = assets;
    }

    void register(ConsoleRouter router) {
        router.anonymous(HandlerType.GET, ConsoleRouter.SIGN_IN, this::form);
        router.anonymous(HandlerType.POST, ConsoleRouter.SIGN_IN, this::signIn);
        router.post("/console/sign-out", Access.ANYONE, this::signOut);
    }

    private void form(Context ctx, Optional<ConsoleVisit> session) {
        if (session.isPresent()) {
            ctx.redirect(home(session.get()), HttpStatus.SEE_OTHER);
            return;
        }
        pages.render(ctx, "sign-in", new SignInPage(Visitor.anonymous("Sign in", assets), Optional.empty()));
    }

    private void signIn(Context ctx, Optional<ConsoleVisit> session) {
        String key = ctx.formParam(KEY_FIELD);
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            refuse(ctx, 400, "Enter an API key or the operator key");
            return;
        }
        ConsoleSignIn signedIn;
        try {
            signedIn = sessions.signIn(key);
        } catch (PromptEngineException refusal) {
            if (refusal.kind() != ErrorKind.UNAUTHORIZED && refusal.kind() != ErrorKind.FORBIDDEN) {
                throw refusal;
            }
            refuse(ctx, ConsoleErrors.status(refusal), refusal.getMessage());
            return;
        }
        // a session this browser had before is ended, not left to its idle expiry
        session.ifPresent(previous -> sessions.signOut(SessionCookie.read(ctx)));
        SessionCookie.set(ctx, signedIn.token());
        ctx.redirect(home(signedIn.visit()), HttpStatus.SEE_OTHER);
    }

    private void refuse(Context ctx, int status, String message) {
        pages.render(ctx, status, "sign-in", new SignInPage(Visitor.anonymous("Sign in", assets),
                Optional.of(message)));
    }

    private void signOut(Context ctx, Visitor visitor) {
        sessions.signOut(SessionCookie.read(ctx));
        SessionCookie.clear(ctx);
        ctx.redirect(ConsoleRouter.SIGN_IN, HttpStatus.SEE_OTHER);
    }

    private static String home(ConsoleVisit visit) {
        return visit.operator() ? Nav.OPERATOR.href() : Nav.OVERVIEW.href();
    }
}

package io.promptengine.adapters.http.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.ConsoleVisit;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Adds the console's routes to Javalin, each behind the same gate: the request gets its id and the security
 * headers; its session is resolved from the cookie (and re-checked against its key); a route for a signed-in
 * session sends anybody else to the sign-in page; a state-changing request must come from our own origin and carry
 * its session's CSRF token ({@code _csrf} in the form, or {@code X-CSRF-Token}), else it is refused with 403 before
 * the handler runs, so nothing changes; the route's {@link Access} is checked; and whatever the handler throws
 * becomes a page of {@link ConsoleErrors}.
 */
final class ConsoleRouter {

    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SIGN_IN = "/console/sign-in";

    /**
     * No script but our own files, no inline script or style, no framing, forms only to ourselves; htmx is told in
     * the layout's {@code htmx-config} not to add its inline indicator styles.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final RoutesConfig routes;
    private final ConsoleSessionUseCases sessions;
    private final ConsoleErrors errors;
    private final Assets assets;

    ConsoleRouter(RoutesConfig routes, ConsoleSessionUseCases sessions, ConsoleErrors errors, Assets assets) {
        this.routes = routes;
        this.sessions = sessions;
        this.errors = errors;
        this.assets = assets;
    }

    void get(String path, Access access, ConsoleHandler handler) {
        routes.addHttpHandler(HandlerType.GET, path, ctx -> serve(ctx, access, handler));
    }

    void post(String path, Access access, ConsoleHandler handler) {
        routes.addHttpHandler(HandlerType.POST, path, ctx -> serve(ctx, access, handler));
    }

    /** The sign-in page and its form, which have no session yet; {@code handler} gets the session if there is one. */
    void anonymous(HandlerType method, String path, AnonymousHandler handler) {
        routes.addHttpHandler(method, path, ctx -> {
            begin(ctx);
            try {
                if (method != HandlerType.GET) {
                    requireSameOrigin(ctx);
                }
                handler.handle(ctx, sessions.resolve(SessionCookie.read(ctx)));
            } catch (Exception e) {
                errors.render(ctx, e, Optional.empty());
            }
        });
    }

    /** A handler of a route open to anyone. */
    @FunctionalInterface
    interface AnonymousHandler {

        void handle(Context ctx, Optional<ConsoleVisit> session) throws Exception;
    }

    /** The console's assets, and its own 404 page for every other path under it; added after every other route. */
    void assetsAndFallback() {
        routes.addHttpHandler(HandlerType.GET, Assets.PATH, ctx -> {
            ConsoleSupport.assignRequestId(ctx);
            if (!assets.serve(ctx)) {
                begin(ctx);
                errors.notFound(ctx, Optional.empty());
            }
        });
        for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.POST}) {
            routes.addHttpHandler(method, "/console/<rest>", ctx -> {
                begin(ctx);
                errors.notFound(ctx, visitor(ctx, sessions.resolve(SessionCookie.read(ctx))));
            });
        }
    }

    private void serve(Context ctx, Access access, ConsoleHandler handler) {
        begin(ctx);
        Optional<Visitor> visitor = Optional.empty();
        try {
            boolean changes = ctx.method() != HandlerType.GET;
            if (changes) {
                requireSameOrigin(ctx);
            }
            visitor = visitor(ctx, sessions.resolve(SessionCookie.read(ctx)));
            if (visitor.isEmpty()) {
                toSignIn(ctx);
                return;
            }
            if (changes) {
                requireCsrf(ctx, visitor.get());
            }
            if (!admits(ctx, access, visitor.get())) {
                return;
            }
            handler.handle(ctx, visitor.get());
        } catch (Exception e) {
            errors.render(ctx, e, visitor);
        }
    }

    private Optional<Visitor> visitor(Context ctx, Optional<ConsoleVisit> visit) {
        return visit.map(each -> new Visitor(each, ConsoleSupport.requestId(ctx), assets));
    }

    /**
     * Whether the session may use a route of {@code access}: an operator sent to a tenant's page goes to the
     * operator's pages (a tenant's data has no operator view), a tenant on the operator's is refused.
     */
    private static boolean admits(Context ctx, Access access, Visitor visitor) {
        switch (access) {
            case OPERATOR -> {
                if (!visitor.isOperator()) {
                    throw new NotFoundException("There is no such page for a tenant's key");
                }
            }
            case TENANT, TENANT_MANAGE -> {
                if (visitor.isOperator()) {
                    if (ctx.method() == HandlerType.GET) {
                        ctx.redirect(Nav.OPERATOR.href(), HttpStatus.SEE_OTHER);
                        return false;
                    }
                    throw new PermissionDeniedException("The operator key does not act for a tenant");
                }
                if (access == Access.TENANT_MANAGE && !visitor.canManage()) {
                    throw new PermissionDeniedException("This API key lacks the 'manage' scope");
                }
            }
            case ANYONE -> {
            }
        }
        return true;
    }

    /** Every console answer: an id, and headers that keep the page from being framed, sniffed or cached. */
    private static void begin(Context ctx) {
        ConsoleSupport.assignRequestId(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /**
     * A browser says where a request comes from: {@code Sec-Fetch-Site}, and {@code Origin} on every POST. When it
     * says, it must be this site; a client that sends neither (not a browser) still needs the CSRF token, and the
     * cookie, which SameSite=Strict keeps out of every other site's request.
     */
    private static void requireSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new PermissionDeniedException("Refused: this request came from another site (Sec-Fetch-Site: "
                    + site + ")");
        }
        // "null" is what a browser sends under our own Referrer-Policy: no-referrer; Sec-Fetch-Site then tells where
        // the request came from
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null") && !sameHost(origin, ctx.host())) {
            throw new PermissionDeniedException("Refused: this request came from another origin");
        }
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void requireCsrf(Context ctx, Visitor visitor) {
        String presented = ctx.header(CSRF_HEADER);
        if (presented == null) {
            presented = ctx.formParam(CSRF_FIELD);
        }
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                visitor.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new PermissionDeniedException("Refused: the request did not carry this session's CSRF token; "
                    + "reload the page and try again");
        }
    }

    /** Nobody is signed in (or the session ended): the sign-in page, also for htmx, which follows HX-Redirect. */
    private static void toSignIn(Context ctx) {
        if ("true".equals(ctx.header("HX-Request"))) {
            ctx.status(401).header("HX-Redirect", SIGN_IN);
            return;
        }
        ctx.redirect(SIGN_IN, HttpStatus.SEE_OTHER);
    }
}

package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.PromptEngineException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one mapping of failures to pages: a refusal of the core gets the status the API gives its kind and
 * the same message; anything unexpected is logged with the request id and shown as a 500 that names the id and
 * nothing else. Refusals a form can be corrected from are shown next to its fields by the route instead.
 */
final class ConsoleErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    private final Pages pages;
    private final Assets assets;

    ConsoleErrors(Pages pages, Assets assets) {
        this.pages = pages;
        this.assets = assets;
    }

    /** Whether a form can show {@code refusal} beside its fields: bad input, or a name that is taken. */
    static boolean belongsToForm(PromptEngineException refusal) {
        return refusal.kind() == ErrorKind.VALIDATION || refusal.kind() == ErrorKind.CONFLICT;
    }

    static int status(PromptEngineException refusal) {
        return ConsoleSupport.status(refusal.kind());
    }

    void render(Context ctx, Exception failure, Optional<Visitor> visitor) {
        String requestId = ConsoleSupport.requestId(ctx);
        if (failure instanceof PromptEngineException known) {
            page(ctx, visitor, status(known), known.kind().code(), known.getMessage(), requestId);
        } else {
            LOG.error("Unexpected error on {} {} [request_id={}]", ctx.method(), ctx.path(), requestId, failure);
            page(ctx, visitor, 500, "internal_error",
                    "An unexpected error occurred; the request id identifies it in our logs", requestId);
        }
    }

    void notFound(Context ctx, Optional<Visitor> visitor) {
        page(ctx, visitor, 404, ErrorKind.NOT_FOUND.code(), "There is no such page in the console",
                ConsoleSupport.requestId(ctx));
    }

    private void page(Context ctx, Optional<Visitor> visitor, int status, String code, String message,
            String requestId) {
        String title = status == 404 ? "Not found" : status == 403 ? "Not allowed" : "Something went wrong";
        Frame frame = visitor.map(each -> each.frame(title, Nav.NONE))
                .orElseGet(() -> Visitor.anonymous(title, assets));
        pages.render(ctx, status, "error", new ErrorPage(frame, status, code, message, requestId));
    }
}

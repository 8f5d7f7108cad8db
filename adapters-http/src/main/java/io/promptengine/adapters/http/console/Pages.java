package io.promptengine.adapters.http.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;

/**
 * Renders the console's templates ({@code src/main/jte/console}), compiled into classes of this package at build
 * time; output is HTML-escaped unless a template says otherwise, which none does.
 */
final class Pages {

    private static final String PACKAGE = "io.promptengine.adapters.http";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), PACKAGE);

    /** Answers {@code status} with the page {@code template} (such as {@code "endpoints"}) renders of {@code model}. */
    void render(Context ctx, int status, String template, Object model) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render("console/" + template + ".jte", model, output);
        ctx.status(status).contentType("text/html; charset=utf-8");
        ctx.result(output.toByteArray());
    }

    void render(Context ctx, String template, Object model) {
        render(ctx, 200, template, model);
    }
}

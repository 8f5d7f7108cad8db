package io.promptengine.application.port.out;

import java.util.Set;

/** Mustache message templates. */
public interface TemplateRenderer {

    /**
     * The variables {@code template} uses, as dotted paths ({@code text}, {@code options.format}); sections count
     * by their name. Throws {@code InvalidInputException} on {@code field} when the template does not parse.
     */
    Set<String> variables(String field, String template);

    /**
     * Renders {@code template} with values from the JSON object {@code inputJson}. Values are inserted as they are
     * (no HTML escaping: this is a prompt, not a page) and never rendered again as template, so an input cannot
     * inject template syntax.
     */
    String render(String template, String inputJson);
}

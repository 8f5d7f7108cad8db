package io.promptengine.adapters.llm.template;

import com.github.mustachejava.Code;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import io.promptengine.adapters.llm.BoundedCache;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.domain.error.InvalidInputException;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mustache message templates on mustache.java, rendered literally: a value is written as it is (no HTML escaping)
 * and never read again as template, so an input of <code>{{system}}</code> stays that text.
 *
 * <p>Templates are tenants' text, so they are hostile: partials and template inheritance are refused (they read
 * files), values are looked up in maps only (never by reflection), sections nest at most
 * {@value #MAX_SECTION_NESTING} deep, and one rendering stops with a 400 past {@value #MAX_OUTPUT_CHARS} characters
 * of output or {@value #MAX_ITERATIONS} section iterations, which a template of nested sections over a long list
 * would otherwise multiply without writing a character.
 *
 * <p>{@link #variables} reads the names from the compiled template. A name inside a section is reported under the
 * section's path ({@code {{#options}}{{format}}{{/options}}} uses {@code options.format}), except the section's
 * own name ({@code {{#text}}{{text}}{{/text}}} uses {@code text}); an inverted section ({@code {{^x}}}) opens no
 * scope. Compiled templates are kept by their text in a bounded cache. Thread-safe.
 */
public final class MustacheTemplateRenderer implements TemplateRenderer {

    static final int MAX_OUTPUT_CHARS = 1024 * 1024;
    static final int MAX_ITERATIONS = 100_000;
    static final int MAX_SECTION_NESTING = 32;
    private static final int MAX_INPUT_DEPTH = 64;
    private static final int CACHED_TEMPLATES = 1024;
    private static final long CACHED_CHARS = 4L * 1024 * 1024;
    private static final String TEMPLATE_FIELD = "template";

    private final LiteralMustacheFactory mustache = new LiteralMustacheFactory();
    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_INPUT_DEPTH).build())
            .build()).build();
    private final BoundedCache<String, Compiled> compiled =
            new BoundedCache<>(CACHED_TEMPLATES, CACHED_CHARS, String::length);

    @Override
    public Set<String> variables(String field, String template) {
        return compiled(field, template).variables();
    }

    @Override
    public String render(String template, String inputJson) {
        Compiled compiledTemplate = compiled(TEMPLATE_FIELD, template);
        JsonNode input;
        try {
            input = json.readTree(inputJson);
        } catch (JacksonException e) {
            throw new InvalidInputException("input", "The input of a template must be a JSON object");
        }
        if (!input.isObject()) {
            throw new InvalidInputException("input", "The input of a template must be a JSON object");
        }
        RenderBudget budget = new RenderBudget(MAX_OUTPUT_CHARS, MAX_ITERATIONS);
        try {
            compiledTemplate.mustache().execute(budget.writer(), budget.scope(input));
        } catch (MustacheException e) {
            RenderBudget.Exceeded exceeded = RenderBudget.exceeded(e);
            if (exceeded != null) {
                throw new InvalidInputException(exceeded.getMessage());
            }
            throw e;
        } catch (RenderBudget.Exceeded e) {
            throw new InvalidInputException(e.getMessage());
        }
        return budget.output();
    }

    private Compiled compiled(String field, String template) {
        return compiled.get(template, text -> compile(field, text));
    }

    private Compiled compile(String field, String template) {
        Mustache compiledTemplate;
        try {
            compiledTemplate = mustache.compile(new StringReader(template), TEMPLATE_FIELD);
        } catch (MustacheException e) {
            throw invalid(field, e.getMessage());
        } catch (StackOverflowError e) {
            throw invalid(field, "sections are nested deeper than " + MAX_SECTION_NESTING + " levels");
        }
        Set<String> variables = new LinkedHashSet<>();
        collect(field, compiledTemplate.getCodes(), "", 0, variables);
        return new Compiled(compiledTemplate, Set.copyOf(variables));
    }

    private static void collect(String field, Code[] codes, String section, int nesting, Set<String> variables) {
        if (codes == null) {
            return;
        }
        if (nesting > MAX_SECTION_NESTING) {
            throw invalid(field, "sections are nested deeper than " + MAX_SECTION_NESTING + " levels");
        }
        for (Code code : codes) {
            String name = code.getName();
            if (code instanceof ValueCode) {
                add(variables, path(section, name));
            } else if (code instanceof NotIterableCode) {
                add(variables, path(section, name));
                collect(field, code.getCodes(), section, nesting + 1, variables);
            } else if (code instanceof IterableCode) {
                String path = path(section, name);
                add(variables, path);
                collect(field, code.getCodes(), path, nesting + 1, variables);
            }
        }
    }

    /** {@code name} inside {@code section}: its own name stays the section's path; {@code .} is the section. */
    private static String path(String section, String name) {
        String trimmed = name.trim();
        if (section.isEmpty() || trimmed.equals(".")) {
            return trimmed.equals(".") ? section : trimmed;
        }
        return section.equals(trimmed) || section.endsWith("." + trimmed) ? section : section + "." + trimmed;
    }

    private static void add(Set<String> variables, String path) {
        if (!path.isEmpty()) {
            variables.add(path);
        }
    }

    private static InvalidInputException invalid(String field, String reason) {
        return new InvalidInputException(field, "Field '" + field + "' is not a valid Mustache template: " + reason);
    }

    private record Compiled(Mustache mustache, Set<String> variables) {
    }
}

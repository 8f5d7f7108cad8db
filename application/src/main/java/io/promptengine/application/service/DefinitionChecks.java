package io.promptengine.application.service;

import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks a definition passes when it is saved, so that what is stored can run: schemas are usable, templates
 * parse and use only declared variables, models are served by a configured provider. Each failure is an
 * {@link InvalidInputException} naming the field. Built once by the wiring and given to every service that saves
 * definitions; only they call it.
 */
public final class DefinitionChecks {

    private final SchemaValidator schemas;
    private final TemplateRenderer templates;
    private final ModelRouter router;

    public DefinitionChecks(SchemaValidator schemas, TemplateRenderer templates, ModelRouter router) {
        this.schemas = schemas;
        this.templates = templates;
        this.router = router;
    }

    void schema(String field, SchemaContract schema) {
        schemas.check(field, schema);
    }

    /**
     * The templates parse and, when there is an input schema (a prompt of an endpoint), use only the variables it
     * declares. Without one any variable goes: a stored prompt's input is free-form.
     */
    void templates(MessageTemplate template, Optional<SchemaContract> input) {
        Optional<Set<String>> declared = input.map(schemas::declaredPaths);
        if (template.system().isPresent()) {
            variables("system_template", template.system().get(), declared);
        }
        variables("user_template", template.user(), declared);
    }

    /**
     * The first variable of the templates that {@code input} does not declare, if any; for an input schema that is
     * about to replace the one the templates were checked against.
     */
    Optional<String> undeclared(MessageTemplate template, SchemaContract input) {
        Set<String> declared = schemas.declaredPaths(input);
        Stream<String> system = template.system().stream()
                .flatMap(text -> templates.variables("system_template", text).stream());
        Stream<String> user = templates.variables("user_template", template.user()).stream();
        return Stream.concat(system, user).filter(variable -> !declared.contains(variable)).findFirst();
    }

    /** The model, by {@code provider/model} when a provider is named, and each fallback model are routable. */
    void routable(String model, Optional<String> provider, List<String> fallbackModels) {
        String routed = provider.map(name -> name + "/" + model).orElse(model);
        if (router.route(routed) instanceof ModelRouter.Unroutable unroutable) {
            throw new InvalidInputException(provider.isPresent() ? "provider" : "model", unroutable.reason());
        }
        for (String fallback : fallbackModels) {
            if (router.route(fallback) instanceof ModelRouter.Unroutable unroutable) {
                throw new InvalidInputException("fallback_models", unroutable.reason());
            }
        }
    }

    private void variables(String field, String template, Optional<Set<String>> declared) {
        Set<String> used = templates.variables(field, template);
        if (declared.isEmpty()) {
            return;
        }
        for (String variable : used) {
            if (!declared.get().contains(variable)) {
                throw new InvalidInputException(field, "Variable '" + variable + "' in '" + field
                        + "' is not declared by the endpoint's input schema; it declares "
                        + (declared.get().isEmpty() ? "no properties" : String.join(", ", sorted(declared.get()))));
            }
        }
    }

    private static List<String> sorted(Set<String> paths) {
        return paths.stream().sorted().toList();
    }
}

package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class FakeTemplateRendererTest {

    private final FakeTemplateRenderer templates = new FakeTemplateRenderer();

    @Test
    void givenVariablesAndSections_variables_namesEachOnce() {
        assertThat(templates.variables("user_template", "{{text}}{{#options.format}} as {{options.format}}"
                + "{{/options.format}}{{^max_length}}!{{/max_length}}"))
                .containsExactlyInAnyOrder("text", "options.format", "max_length");
    }

    @Test
    void givenUnclosedTag_variables_isInvalidOnTheField() {
        assertThatThrownBy(() -> templates.variables("system_template", "Hi {{name"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("system_template"));
    }

    @Test
    void givenSection_render_keepsItsContentAndFillsVariables() {
        assertThat(templates.render("{{#on}}Hello {{name}}{{/on}}", "{\"name\":\"Ada\"}")).isEqualTo("Hello Ada");
    }
}

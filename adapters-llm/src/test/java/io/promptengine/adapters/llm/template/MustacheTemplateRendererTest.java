package io.promptengine.adapters.llm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MustacheTemplateRendererTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private final MustacheTemplateRenderer renderer = new MustacheTemplateRenderer();

    @Nested
    class Variables {

        @Test
        void givenVariablesAndSections_variables_areTheirDottedPaths() {
            String template = "Summarise {{text}} in {{max_length}} words{{#options}} as {{format}}{{/options}}."
                    + "{{^options}}Any format.{{/options}} Style: {{options.style}}. {{{raw}}} {{&also}}";

            assertThat(renderer.variables("user_template", template)).containsExactlyInAnyOrder(
                    "text", "max_length", "options", "options.format", "options.style", "raw", "also");
        }

        @Test
        void givenSectionThatRepeatsItsOwnName_variables_reportTheSectionOnce() {
            assertThat(renderer.variables("user_template", "{{#context}}Context: {{context}}{{/context}}"))
                    .containsExactly("context");
        }

        @Test
        void givenSectionOverAList_variables_nameItsItemsUnderTheList() {
            assertThat(renderer.variables("user_template", "{{#tags}}- {{label}} {{.}}\n{{/tags}}"))
                    .containsExactlyInAnyOrder("tags", "tags.label");
        }

        @Test
        void givenCommentsAndText_variables_ignoreThem() {
            assertThat(renderer.variables("user_template", "Hello {{! a comment }}world")).isEmpty();
        }

        @Test
        void givenUnclosedSection_variables_refuseTheTemplateOnItsField() {
            assertThatThrownBy(() -> renderer.variables("user_template", "{{#options}}unclosed"))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).contains("user_template"))
                    .hasMessageStartingWith("Field 'user_template' is not a valid Mustache template: ");
        }

        @Test
        void givenUnclosedTag_variables_refuseTheTemplate() {
            assertThatThrownBy(() -> renderer.variables("system_template", "Hello {{name"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Field 'system_template' is not a valid Mustache template: ");
        }

        @Test
        void givenPartial_variables_refuseItWithoutReadingAnything() {
            assertThatThrownBy(() -> renderer.variables("user_template", "Hi {{> /etc/passwd}}"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("partials ({{> /etc/passwd}}) are not supported");
        }

        @Test
        void givenTemplateInheritance_variables_refuseIt() {
            assertThatThrownBy(() -> renderer.variables("user_template", "{{<base}}{{$title}}x{{/title}}{{/base}}"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("are not supported");
        }

        @Test
        void givenSectionsNestedTooDeep_variables_refuseTheTemplate() {
            String deep = "{{#a}}".repeat(40) + "x" + "{{/a}}".repeat(40);

            assertThatThrownBy(() -> renderer.variables("user_template", deep))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("nested deeper than 32 levels");
        }
    }

    @Nested
    class Render {

        @Test
        void givenInput_render_fillsVariablesSectionsAndNestedNames() {
            String template = "Summarise: {{text}} ({{max_length}} words){{#options}}, as {{format}}{{/options}}"
                    + "{{^missing}}, no extras{{/missing}}. {{options.format}}";

            String rendered = renderer.render(template,
                    "{\"text\":\"Hello\",\"max_length\":100,\"options\":{\"format\":\"bullets\"}}");

            assertThat(rendered).isEqualTo("Summarise: Hello (100 words), as bullets, no extras. bullets");
        }

        @Test
        void givenArray_render_iteratesItsSection() {
            assertThat(renderer.render("{{#tags}}[{{.}}]{{/tags}}{{#people}}{{name}};{{/people}}",
                    "{\"tags\":[\"a\",\"b\"],\"people\":[{\"name\":\"Ann\"},{\"name\":\"Bo\"}]}"))
                    .isEqualTo("[a][b]Ann;Bo;");
        }

        @Test
        void givenFalsyValues_render_skipsTheirSectionsAndWritesNothingForMissingNames() {
            assertThat(renderer.render("{{#flag}}on{{/flag}}{{#empty}}x{{/empty}}{{#none}}y{{/none}}[{{missing}}]",
                    "{\"flag\":false,\"empty\":[],\"none\":null}"))
                    .isEqualTo("[]");
        }

        @Test
        void givenMarkupInValues_render_doesNotEscapeIt() {
            assertThat(renderer.render("{{text}}", "{\"text\":\"<b>Tom & \\\"Jerry\\\"</b> 'x'\"}"))
                    .isEqualTo("<b>Tom & \"Jerry\"</b> 'x'");
        }

        @Test
        void givenTemplateSyntaxInValues_render_insertsItLiterally() {
            String rendered = renderer.render("User said: {{text}} / {{note}}",
                    "{\"text\":\"{{system}}\",\"note\":\"{{#x}}boom{{/x}} {{> partial}}\",\"system\":\"SECRET\","
                            + "\"x\":true}");

            assertThat(rendered).isEqualTo("User said: {{system}} / {{#x}}boom{{/x}} {{> partial}}");
        }

        @Test
        void givenMethodNamesOnAValue_render_findsNothing() {
            assertThat(renderer.render("{{#text}}[{{class}}{{bytes}}{{length}}]{{/text}}", "{\"text\":\"abc\"}"))
                    .isEqualTo("[]");
        }

        @Test
        void givenOutputPastTheLimit_render_isRefused() {
            String big = "x".repeat(600 * 1024);

            assertThatThrownBy(() -> renderer.render("{{text}}{{text}}", "{\"text\":\"" + big + "\"}"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("The rendered prompt would be longer than 1048576 characters");
        }

        @Test
        void givenNestedSectionsOverAList_render_stopsAtTheIterationLimitQuickly() {
            String template = "{{#l}}".repeat(8) + "{{/l}}".repeat(8);
            String list = "{\"l\":[" + "1,".repeat(99) + "1]}";

            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> renderer.render(template, list))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("The template repeats its sections more than 100000 times for this input"));
        }

        @Test
        void givenInputThatIsNotAnObject_render_isRefused() {
            assertThatThrownBy(() -> renderer.render("{{text}}", "[1]"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("input"));
        }
    }
}

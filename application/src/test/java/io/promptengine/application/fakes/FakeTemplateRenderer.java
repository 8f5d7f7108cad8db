package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.domain.error.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Mustache for service tests: {@code {{name}}} variables, filled from top-level string, number and
 * boolean members of a flat JSON object; section tags ({@code {{#name}}}, {@code {{^name}}}, {@code {{/name}}})
 * count as variables and render as nothing, their content always; an unclosed {@code {{} does not parse.
 */
public final class FakeTemplateRenderer implements TemplateRenderer {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");
    private static final Pattern SECTION = Pattern.compile("\\{\\{\\s*[#^/]\\s*([\\w.]+)\\s*}}");

    @Override
    public Set<String> variables(String field, String template) {
        if (template.replaceAll(VARIABLE.pattern(), "").replaceAll(SECTION.pattern(), "").contains("{{")) {
            throw new InvalidInputException(field, "Field '" + field + "' is not a valid template");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Pattern tag : new Pattern[] {SECTION, VARIABLE}) {
            Matcher matcher = tag.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    @Override
    public String render(String template, String inputJson) {
        Matcher matcher = VARIABLE.matcher(template.replaceAll(SECTION.pattern(), ""));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(value(inputJson, matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String value(String json, String name) {
        Matcher member = Pattern.compile("\"" + Pattern.quote(name)
                + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?[0-9.eE+]+|true|false))").matcher(json);
        if (!member.find()) {
            return "";
        }
        return member.group(1) != null ? member.group(1) : member.group(2);
    }
}

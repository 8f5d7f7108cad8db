package io.promptengine.adapters.llm.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.MapObjectHandler;
import java.io.IOException;
import java.io.Writer;

/**
 * mustache.java set up for prompts written by tenants.
 *
 * <ul>
 *   <li>Values are written as they are: no HTML escaping, since a prompt is not a page.
 *   <li>Partials ({@code {{> name}}}), template inheritance ({@code {{< name}}}, {@code {{$block}}}) and pragmas are
 *       refused when the template is compiled: they would read other templates from files or the classpath.
 *   <li>Values are looked up in maps only ({@link MapObjectHandler}), never by reflection, so a template cannot
 *       call a method of a value ({@code {{#text}}{{class}}{{/text}}} finds nothing).
 *   <li>Nothing is looked up by name, so nothing can be read: the resolver refuses every name.
 * </ul>
 */
final class LiteralMustacheFactory extends DefaultMustacheFactory {

    LiteralMustacheFactory() {
        super(name -> {
            throw new MustacheException("templates cannot include other templates");
        });
        setObjectHandler(new MapObjectHandler());
    }

    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new MustacheException("Failed to write a value", e);
        }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
        return new DefaultMustacheVisitor(this) {
            @Override
            public void partial(TemplateContext tc, String variable, String indent) {
                throw refused("partials ({{> " + variable.trim() + "}}) are not supported", tc);
            }

            @Override
            public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                throw refused("partials ({{>* " + variable.trim() + "}}) are not supported", tc);
            }

            @Override
            public void extend(TemplateContext tc, String variable, Mustache mustache) {
                throw refused("template inheritance ({{< " + variable.trim() + "}}) is not supported", tc);
            }

            @Override
            public void name(TemplateContext tc, String variable, Mustache mustache) {
                throw refused("blocks ({{$" + variable.trim() + "}}) are not supported", tc);
            }

            @Override
            public void checkName(TemplateContext tc, String variable, Mustache mustache) {
                throw refused("blocks ({{?" + variable.trim() + "}}) are not supported", tc);
            }

            @Override
            public void pragma(TemplateContext tc, String pragma, String args) {
                throw refused("pragmas ({{% " + pragma + "}}) are not supported", tc);
            }
        };
    }

    private static MustacheException refused(String what, TemplateContext tc) {
        return new MustacheException(what + " (line " + tc.line() + ")");
    }
}

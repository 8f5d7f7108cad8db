package io.promptengine.adapters.llm.spi;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.util.List;

/**
 * A kind of provider that a providers-file entry names with {@code "kind"}: the built-in {@code openai},
 * {@code azure}, {@code anthropic} and {@code local}, or one that a jar on the classpath adds.
 *
 * <p>An implementation is found with {@link java.util.ServiceLoader}: it is public, has a public no-argument
 * constructor, and its jar lists it in {@code META-INF/services/io.promptengine.adapters.llm.spi.ModelProviderFactory}.
 * A host that embeds Prompt Engine may also pass instances directly ({@link ProviderKinds#with}).
 *
 * <p>A factory declares the fields it reads instead of parsing the entry itself, so that a mistake in any kind's
 * entry stops the server at start with the same message naming the file, the line and the field. The fields every
 * entry has ({@link #COMMON_FIELDS}: its name, kind, model prefixes and prices) are read by Prompt Engine and are
 * not the factory's to declare.
 *
 * <p>One instance serves the whole process and may be asked to create several providers (one per entry of its
 * kind); it must be safe to call from one thread at a time, which is how the server starts.
 */
public interface ModelProviderFactory {

    /** The fields of every entry, whatever its kind; a kind's {@link #settings()} use none of these names. */
    List<String> COMMON_FIELDS = List.of("name", "kind", "model_prefixes", "prices");

    /**
     * The value of {@code "kind"} that selects this factory: 1 to 32 lower-case letters, digits, {@code '_'} or
     * {@code '-'}, starting with a letter, unique among the kinds on the classpath.
     */
    String kind();

    /** The fields an entry of this kind may or must give, beyond the {@link #COMMON_FIELDS}; any other is refused. */
    List<Setting<?>> settings();

    /**
     * Rules on the entry's values that their {@link Setting.Type} cannot say, such as a range or two fields that go
     * together; checked with the types when the file is read, so that a breach gets the file, line and field too.
     * Nothing by default.
     *
     * @throws InvalidSettingException naming the field and what is wrong with it
     */
    default void validate(ProviderSettings settings) {
    }

    /**
     * The provider one entry describes.
     *
     * @param name the entry's name, which the provider must answer from {@link ModelProvider#name()}: it is how a
     *     call names it ({@code name/model}) and how executions record it
     * @param settings the entry's fields, checked against {@link #settings()}
     * @param clock the time the provider measures deadlines against; a test may move it
     */
    ModelProvider create(String name, ProviderSettings settings, Clock clock);
}

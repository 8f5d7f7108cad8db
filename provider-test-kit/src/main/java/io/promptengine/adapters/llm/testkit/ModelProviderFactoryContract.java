package io.promptengine.adapters.llm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.spi.InvalidSettingException;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderKinds;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.ModelProvider;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelProviderFactory} promises: its kind and settings follow the rules, {@link
 * java.util.ServiceLoader} finds it (its {@code META-INF/services} file is right), an entry with sample settings
 * creates a provider under the entry's name, and an entry missing a required setting is refused naming the field.
 * A subclass supplies the factory and the kind-specific fields of one valid entry, as a providers file gives them.
 *
 * <pre>{@code
 * class ShoutProviderFactoryContractTest extends ModelProviderFactoryContract {
 *     protected ModelProviderFactory factory() { return new ShoutProviderFactory(); }
 *     protected Map<String, Object> sampleSettings() { return Map.of("max_words", 5); }
 * }
 * }</pre>
 */
public abstract class ModelProviderFactoryContract {

    /** The name the contract gives the entries it creates providers from. */
    protected static final String ENTRY_NAME = "contract-entry";

    /** The factory under test, a new instance as {@link java.util.ServiceLoader} would make. */
    protected abstract ModelProviderFactory factory();

    /**
     * The kind-specific fields of a valid entry, as plain Java values the way a providers file gives them
     * ({@code "base_url" -> "http://127.0.0.1:9"}, {@code "max_words" -> 5}), with every required setting present.
     */
    protected abstract Map<String, Object> sampleSettings();

    /** Where the sample's secret fields' variables are looked up; none is set unless a subclass says so. */
    protected Function<String, Optional<String>> environment() {
        return name -> Optional.empty();
    }

    /** The rules {@link ProviderKinds} applies to every factory when it joins. */
    @Test
    public void kindAndSettings_followTheRules() {
        assertThatCode(() -> ProviderKinds.of(List.of(factory()))).doesNotThrowAnyException();
    }

    /** A missing or mistyped services file fails here, not at an operator's start. */
    @Test
    public void serviceLoader_findsTheFactoryByItsKind() {
        assertThat(ProviderKinds.discovered().find(factory().kind()))
                .as("a factory of kind '%s' listed in META-INF/services/%s", factory().kind(),
                        ModelProviderFactory.class.getName())
                .get().isInstanceOf(factory().getClass());
    }

    /** Calls and executions name the provider by its entry's name. */
    @Test
    public void givenSampleSettings_create_answersAProviderUnderTheEntrysName() {
        ProviderSettings settings = ProviderSettings.check(factory(), sampleSettings(), environment());

        ModelProvider provider = factory().create(ENTRY_NAME, settings, Instant::now);

        assertThat(provider.name()).isEqualTo(ENTRY_NAME);
    }

    /** Each required setting is checked at start, with the field named. */
    @Test
    public void givenEachRequiredSettingLeftOut_check_namesThatField() {
        for (Setting<?> setting : factory().settings()) {
            if (setting.isRequired()) {
                Map<String, Object> without = new LinkedHashMap<>(sampleSettings());
                assertThat(without.remove(setting.field())).as("the sample gives required setting %s", setting)
                        .isNotNull();
                assertThatThrownBy(() -> ProviderSettings.check(factory(), without, environment()))
                        .isInstanceOfSatisfying(InvalidSettingException.class,
                                e -> assertThat(e.field()).isEqualTo(setting.field()));
            }
        }
    }

    /** A misspelt field is an error, not a setting silently ignored. */
    @Test
    public void givenFieldTheKindDoesNotDeclare_check_refusesIt() {
        Map<String, Object> with = new LinkedHashMap<>(sampleSettings());
        with.put("no_such_field", "x");

        assertThatThrownBy(() -> ProviderSettings.check(factory(), with, environment()))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo("no_such_field"));
    }
}

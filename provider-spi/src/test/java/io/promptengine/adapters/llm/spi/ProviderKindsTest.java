package io.promptengine.adapters.llm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderKindsTest {

    @Test
    void givenServicesFileOnTheClasspath_discovered_findsItsFactory() {
        ProviderKinds kinds = ProviderKinds.discovered();

        assertThat(kinds.kinds()).containsExactly("fixed");
        assertThat(kinds.find("fixed")).get().isInstanceOf(FixedAnswerFactory.class);
        assertThat(kinds.find("other")).isEmpty();
    }

    @Test
    void givenExtraFactories_with_addsThemAndListsEveryKindSorted() {
        ProviderKinds kinds = ProviderKinds.discovered().with(List.of(factory("zeta", List.of()),
                factory("alpha", List.of())));

        assertThat(kinds.kinds()).containsExactly("alpha", "fixed", "zeta");
    }

    @Test
    void givenTwoFactoriesOfOneKind_with_namesBothClasses() {
        assertThatThrownBy(() -> ProviderKinds.discovered().with(List.of(factory("fixed", List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fixed' is claimed by both " + FixedAnswerFactory.class.getName());
    }

    @Test
    void givenFactoryBreakingTheRules_of_refusesItWithItsClass() {
        assertThatThrownBy(() -> ProviderKinds.of(List.of(factory("My Kind", List.of()))))
                .hasMessageContaining("names its kind 'My Kind'");
        assertThatThrownBy(() -> ProviderKinds.of(List.of(factory("k", List.of(Setting.text("prices"))))))
                .hasMessageContaining("declares 'prices', a field of every entry");
        assertThatThrownBy(() -> ProviderKinds.of(List.of(factory("k", List.of(Setting.text("a"),
                Setting.url("a")))))).hasMessageContaining("declares 'a' twice");
        assertThatThrownBy(() -> ProviderKinds.of(List.of(factory("k", null))))
                .hasMessageContaining("declares no settings list");
    }

    @Test
    void givenServicesFileNamingAMissingClass_discoveredBy_saysAKindCouldNotBeLoaded(@TempDir Path dir)
            throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(ModelProviderFactory.class.getName()), "com.example.Missing\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> ProviderKinds.discoveredBy(loader)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("could not be loaded").hasMessageContaining("com.example.Missing");
        }
    }

    private static ModelProviderFactory factory(String kind, List<Setting<?>> settings) {
        return new ModelProviderFactory() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public List<Setting<?>> settings() {
                return settings;
            }

            @Override
            public ModelProvider create(String name, ProviderSettings checked, Clock clock) {
                throw new AssertionError("not created in these tests");
            }
        };
    }
}

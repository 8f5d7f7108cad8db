package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.stream.Stream;

class ArchitectureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.promptengine");

    private static final JavaClasses FIXTURE = new ClassFileImporter()
            .importPackages("io.promptengine.archfixture");

    @Test
    void everyGuardedPackageHasClasses() {
        for (String pkg : new String[] {"domain", "application", "adapters.http", "adapters.llm",
                "adapters.persistence", "adapters.metrics", "adapters.tracing", "adapters.webhooks", "bootstrap"}) {
            assertThat(PRODUCT.stream().filter(c -> c.getPackageName().startsWith("io.promptengine." + pkg)))
                    .as("classes in io.promptengine.%s", pkg).isNotEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> productKeepsEveryRule() {
        return LayerRules.forRoot("io.promptengine").entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(PRODUCT)));
    }

    /**
     * Each rule, run on a tree that breaks it, must fail: a rule that cannot fail guards nothing. It must fail on a
     * violation, not because the fixture has no class the rule looks at.
     */
    @TestFactory
    Stream<DynamicTest> everyRuleCatchesItsViolation() {
        Map<String, ArchRule> rules = LayerRules.forRoot("io.promptengine.archfixture");
        return rules.entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> assertThatThrownBy(
                        () -> rule.getValue().check(FIXTURE)).isInstanceOf(AssertionError.class)
                        .hasMessageNotContaining("failed to check any classes")));
    }
}

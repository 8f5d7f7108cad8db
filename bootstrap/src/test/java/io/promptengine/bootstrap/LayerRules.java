package io.promptengine.bootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * STYLE.md guideline 9 as ArchUnit rules over a root package, so the same rules run against the product
 * ({@code io.promptengine}) and against a fixture tree that breaks each of them on purpose. Every rule refuses to
 * pass on an empty selection: a renamed package cannot make a rule vacuous.
 */
final class LayerRules {

    private static final List<String> ADAPTERS = List.of("http", "llm", "persistence", "metrics", "tracing",
            "webhooks");
    private static final String[] SQL = {"org.jdbi..", "java.sql..", "javax.sql..", "org.flywaydb..",
        "com.zaxxer.hikari.."};

    private LayerRules() {
    }

    static Map<String, ArchRule> forRoot(String root) {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("domain depends on the JDK only",
                classes().that().resideInAPackage(root + ".domain..")
                        .should().onlyDependOnClassesThat()
                        // the JDK's cryptography is javax.crypto: signatures (HMAC) are domain rules too
                        .resideInAnyPackage(root + ".domain..", "java..", "javax.crypto.."));
        rules.put("application depends on domain and the JDK only",
                classes().that().resideInAPackage(root + ".application..")
                        .should().onlyDependOnClassesThat()
                        .resideInAnyPackage(root + ".application..", root + ".domain..", "java.."));
        rules.put("port.in does not depend on port.out",
                noClasses().that().resideInAPackage(root + ".application.port.in..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".application.port.out.."));
        rules.put("port.out does not depend on port.in",
                noClasses().that().resideInAPackage(root + ".application.port.out..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".application.port.in.."));
        rules.put("adapters do not depend on application.service",
                noClasses().that().resideInAPackage(root + ".adapters..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".application.service.."));
        // (**) makes each package its own slice, so that port.in and port.out are two
        for (String layer : List.of("domain", "application")) {
            rules.put("no cycles between the packages of " + layer,
                    slices().matching(root + "." + layer + ".(**)").should().beFreeOfCycles());
        }
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter))
                    .map(a -> root + ".adapters." + a + "..").toArray(String[]::new);
            rules.put("adapters." + adapter + " depends on no other adapter",
                    noClasses().that().resideInAPackage(root + ".adapters." + adapter + "..")
                            .should().dependOnClassesThat().resideInAnyPackage(others));
            rules.put("adapters." + adapter + " does not depend on bootstrap",
                    noClasses().that().resideInAPackage(root + ".adapters." + adapter + "..")
                            .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap.."));
        }
        rules.put("adapters.http speaks to the use cases, never to the outgoing ports",
                noClasses().that().resideInAPackage(root + ".adapters.http..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".application.port.out.."));
        // the console calls the API's readers through one public class; the API never reaches into the console,
        // save for the stand-alone server that serves both
        rules.put("the JSON API's routes do not depend on the console",
                noClasses().that().resideInAPackage(root + ".adapters.http")
                        .and().doNotHaveSimpleName("HttpApi")
                        .should().dependOnClassesThat().resideInAPackage(root + ".adapters.http.console.."));
        rules.put("Javalin only in adapters.http, and in bootstrap",
                noClasses().that().resideInAPackage(root + "..")
                        .and().resideOutsideOfPackage(root + ".adapters.http..")
                        .and().resideOutsideOfPackage(root + ".bootstrap..")
                        .should().dependOnClassesThat().resideInAPackage("io.javalin.."));
        // the engine takes a host's Javalin configuration and hands it to adapters.http to mount the API into
        rules.put("bootstrap passes a host's JavalinConfig on and uses no other Javalin",
                noClasses().that().resideInAPackage(root + ".bootstrap..")
                        .should().dependOnClassesThat(
                                resideInAnyPackage("io.javalin..").and(not(equivalentTo(JavalinConfig.class)))));
        rules.put("JDBI and SQL only in adapters.persistence",
                noClasses().that().resideInAPackage(root + "..")
                        .and().resideOutsideOfPackage(root + ".adapters.persistence..")
                        .and().resideOutsideOfPackage(root + ".bootstrap..")
                        .should().dependOnClassesThat().resideInAnyPackage(SQL));
        rules.put("Micrometer only in adapters.metrics",
                noClasses().that().resideInAPackage(root + "..")
                        .and().resideOutsideOfPackage(root + ".adapters.metrics..")
                        .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus.."));
        // the builder takes a host's DataSource and hands it to adapters.persistence; it uses no SQL itself
        rules.put("bootstrap passes a host's DataSource on and uses no other SQL",
                noClasses().that().resideInAPackage(root + ".bootstrap..")
                        .should().dependOnClassesThat(
                                resideInAnyPackage(SQL).and(not(equivalentTo(DataSource.class)))));
        rules.put("OpenTelemetry only in adapters.tracing",
                noClasses().that().resideInAPackage(root + "..")
                        .and().resideOutsideOfPackage(root + ".adapters.tracing..")
                        .should().dependOnClassesThat().resideInAPackage("io.opentelemetry.."));
        // the server's Jetty is Javalin's, in adapters.http; the client that reaches receivers outside is this one
        rules.put("Jetty's HTTP client only in adapters.webhooks",
                noClasses().that().resideInAPackage(root + "..")
                        .and().resideOutsideOfPackage(root + ".adapters.webhooks..")
                        .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty.client.."));
        rules.replaceAll((name, rule) -> rule.allowEmptyShould(false).because(name));
        return rules;
    }
}

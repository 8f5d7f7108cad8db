package io.promptengine.bootstrap.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The axe-core accessibility scan, from its WebJar on the test class path, injected into the page the browser shows
 * (WebDriver's scripts are not subject to the page's Content-Security-Policy, so the console's CSP stays as it is).
 */
final class Axe {

    /** The impacts that fail a test; {@code moderate} and {@code minor} ones are printed only. */
    static final Set<String> FAILING = Set.of("serious", "critical");
    private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";
    private static final String SCRIPT = load();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
                .then(result => done(JSON.stringify(result.violations)))
                .catch(error => done(JSON.stringify({ error: String(error) })));
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Axe() {
    }

    /** One rule the page breaks, with the elements that break it. */
    record Violation(String rule, String impact, String help, String helpUrl, List<String> nodes) {

        boolean failing() {
            return FAILING.contains(impact);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("[" + impact + "] " + rule + ": " + help + " (" + helpUrl + ")");
            nodes.forEach(node -> text.append("\n    ").append(node.replace("\n", "\n      ")));
            return text.toString();
        }
    }

    /** Every violation axe finds on the page shown now. */
    static List<Violation> scan(ConsoleBrowser browser) {
        JavascriptExecutor driver = browser.driver();
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object';"))) {
            driver.executeScript(SCRIPT);
        }
        JsonNode answer = JSON.readTree((String) driver.executeAsyncScript(RUN));
        if (answer.isObject()) {
            throw new IllegalStateException("axe did not run: " + answer.path("error").asString());
        }
        List<Violation> violations = new ArrayList<>();
        for (JsonNode violation : answer) {
            List<String> nodes = new ArrayList<>();
            for (JsonNode node : violation.path("nodes")) {
                nodes.add(node.path("target").toString() + " " + node.path("html").asString() + "\n"
                        + node.path("failureSummary").asString());
            }
            violations.add(new Violation(violation.path("id").asString(), violation.path("impact").asString(),
                    violation.path("help").asString(), violation.path("helpUrl").asString(), List.copyOf(nodes)));
        }
        return List.copyOf(violations);
    }

    /**
     * Scans the page shown now, prints every violation, and fails naming each {@code serious} or {@code critical} one
     * with the elements concerned.
     */
    static void assertNoSeriousViolations(ConsoleBrowser browser) {
        String page = browser.driver().getCurrentUrl();
        List<Violation> violations = scan(browser);
        violations.forEach(violation -> System.out.println("axe on " + page + ": " + violation));
        List<Violation> failing = violations.stream().filter(Violation::failing).toList();
        if (!failing.isEmpty()) {
            StringBuilder message = new StringBuilder(failing.size() + " serious or critical accessibility violation(s) on "
                    + page + ":");
            failing.forEach(violation -> message.append("\n  ").append(violation));
            throw new AssertionError(message.toString());
        }
    }

    /** axe.min.js of the WebJar's version, which its pom.properties names (so a version bump needs no edit here). */
    private static String load() {
        ClassLoader loader = Axe.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (pom == null) {
                throw new IllegalStateException("org.webjars.npm:axe-core is not on the test class path");
            }
            Properties properties = new Properties();
            properties.load(pom);
            try (InputStream script = loader.getResourceAsStream(
                    WEBJAR + properties.getProperty("version") + "/axe.min.js")) {
                if (script == null) {
                    throw new IllegalStateException("no axe.min.js in the axe-core WebJar");
                }
                return new String(script.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

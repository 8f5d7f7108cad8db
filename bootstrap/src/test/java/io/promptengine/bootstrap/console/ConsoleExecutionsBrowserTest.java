package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.bootstrap.PromptEngine;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Executions that are still running, in a real headless Chromium: the page of one refreshes itself (htmx, every
 * two seconds) until it ends, and then stops polling; one is cancelled from its page after the confirmation. The
 * model is a gate the test opens, so "running" lasts exactly as long as the test needs.
 */
final class ConsoleExecutionsBrowserTest {

    private static final String DEMO_KEY = "pe_live_console_runs_demo_key_0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static final GatedModelProvider gate = new GatedModelProvider();
    private static PromptEngine engine;

    @BeforeAll
    static void start() {
        engine = PromptEngine.builder().provider(gate).settings(Map.of(
                "PE_HOST", "127.0.0.1",
                "PE_PORT", "0",
                "PE_DB_URL", "jdbc:h2:mem:console-runs-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "PE_DEMO_KEY", DEMO_KEY,
                "PE_ADMIN_KEY", "pe_admin_console_runs_operator_key_0123456789",
                "PE_WORKERS", "2")).start();
        browser.baseUrl("http://127.0.0.1:" + engine.port().orElseThrow());
    }

    @AfterAll
    static void stop() {
        gate.open(100);
        engine.close();
    }

    @Test
    void aRunningExecution_refreshesByItself_untilItEnds() {
        browser.signInAs("/console/sign-in", DEMO_KEY);
        String id = startAsync();
        browser.open("/console/executions/" + id);
        waitForStatus("running");
        assertThat(browser.driver().findElements(By.cssSelector("#execution[hx-trigger='every 2s']"))).hasSize(1);
        browser.open("/console/executions");
        assertThat(browser.driver().findElements(By.cssSelector("#execution-rows[hx-trigger='every 2s']")))
                .as("the log polls while one of its rows runs").hasSize(1);
        Axe.assertNoSeriousViolations(browser);
        browser.open("/console/executions/" + id);
        browser.script("window.consoleTestMark = true;");

        gate.open(1);

        waitForStatus("completed");
        assertThat(browser.script("return window.consoleTestMark === true;")).as("no reload: htmx swapped it")
                .isEqualTo(true);
        assertThat(browser.driver().findElement(By.id("execution-output")).getText()).isEqualTo("opened");
        assertThat(browser.driver().findElements(By.cssSelector("[hx-trigger]"))).as("an ended one is not polled")
                .isEmpty();
    }

    @Test
    void aRunningExecution_isCancelledFromItsPage_afterTheConfirmation() {
        browser.signInAs("/console/sign-in", DEMO_KEY);
        String id = startAsync();
        browser.open("/console/executions/" + id);
        waitForStatus("running");

        browser.driver().findElement(By.linkText("Cancel this execution")).click();
        browser.waitFor(By.xpath("//button[normalize-space(.)='Yes, cancel it']"));
        Axe.assertNoSeriousViolations(browser);
        browser.driver().findElement(By.xpath("//button[normalize-space(.)='Yes, cancel it']")).click();

        waitForStatus("cancelled");
        assertThat(browser.mainText()).contains("Cancelled.");
        assertThat(browser.driver().findElements(By.linkText("Cancel this execution"))).isEmpty();
        Axe.assertNoSeriousViolations(browser);
    }

    private static void waitForStatus(String status) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(driver -> driver
                .findElements(By.id("execution-status")).stream().anyMatch(each -> each.getText().equals(status)));
    }

    /** An async execution of the gated model: queued, then running until the gate opens. */
    private static String startAsync() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(browser.baseUrl() + "/v1/prompt/execute"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + DEMO_KEY)
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gate/" + GatedModelProvider.MODEL
                        + "\", \"input\": \"wait for the gate\"}")).build();
        try {
            HttpResponse<String> queued = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"(exec_[^\"]+)\"").matcher(queued.body());
            assertThat(id.find()).isTrue();
            return id.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A model that answers "opened" once the test lets one call through; a cancelled call is interrupted. */
    private static final class GatedModelProvider implements ModelProvider {

        static final String MODEL = "gated";
        private final Semaphore permits = new Semaphore(0);

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public List<String> models() {
            return List.of(MODEL);
        }

        @Override
        public ModelResponse complete(ModelRequest request) {
            try {
                if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("cancelled at the gate", e);
            }
            return new ModelResponse("opened", new Usage(3, 1), FinishReason.STOP);
        }

        void open(int calls) {
            permits.release(calls);
        }
    }
}

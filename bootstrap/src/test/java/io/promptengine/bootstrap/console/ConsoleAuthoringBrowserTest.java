package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.Scope;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's authoring half in a real headless Chromium, as a new user works it: sign in with the demo key and
 * out again; build an endpoint (a schema error shown next to its field first), give it a prompt, write a draft,
 * test it through the form made from the schema, publish it after the confirmation, call it with an HTTP client and
 * find the call in the executions log. A request without the CSRF token, sent by the page's own fetch, is refused
 * and changes nothing; a read key sees no edit control and its edit is refused; another tenant's endpoint is a 404
 * page. axe scans every page shown.
 */
final class ConsoleAuthoringBrowserTest {

    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {"
            + "\"name\": {\"type\": \"string\"}, \"tone\": {\"enum\": [\"warm\", \"dry\"]}, "
            + "\"times\": {\"type\": \"integer\"}}}";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static ConsoleApp app;

    @BeforeAll
    static void start() {
        app = ConsoleApp.start();
        browser.baseUrl(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void signIn_withTheDemoKey_thenSignOut() {
        browser.signInAs("/console/sign-in", ConsoleApp.DEMO_KEY);
        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.driver().manage().getCookieNamed("pe_console_session").getValue())
                .isNotEqualTo(ConsoleApp.DEMO_KEY);
        assertThat((String) browser.script("return document.cookie;")).as("HttpOnly: no script reads it").isEmpty();
        assertThat((Long) browser.script("return window.localStorage.length + window.sessionStorage.length;"))
                .isZero();
        Axe.assertNoSeriousViolations(browser);

        browser.driver().findElement(By.xpath("//button[normalize-space(.)='Sign out']")).click();
        browser.waitForNavigationFrom("/console");

        assertThat(browser.path()).isEqualTo("/console/sign-in");
        browser.open("/console/endpoints");
        assertThat(browser.path()).isEqualTo("/console/sign-in");
        Axe.assertNoSeriousViolations(browser);
    }

    @Test
    void theKeyboardAlone_signsIn_andReachesEveryPageOfTheNavigation() {
        browser.open("/console/sign-in");
        browser.driver().manage().deleteAllCookies();
        browser.open("/console/sign-in");

        browser.tabTo(browser.byLabel("API key or operator key"), 10);
        browser.press(ConsoleApp.DEMO_KEY, Keys.ENTER);
        browser.waitForNavigationFrom("/console/sign-in");

        assertThat(browser.path()).isEqualTo("/console");
        List<WebElement> order = browser.tabOrder(30);
        assertThat(order).isNotEmpty();
        assertThat(order.get(0).getDomAttribute("href")).as("the skip link comes first").isEqualTo("#main");
        assertThat(order.stream().map(WebElement::getText)).contains("Overview", "Endpoints", "Prompts",
                "Executions", "API keys", "Usage", "Sign out");
    }

    @Test
    void wrongKey_isRefusedOnTheForm() {
        browser.open("/console/sign-in");
        browser.driver().manage().deleteAllCookies();
        browser.open("/console/sign-in");
        type(browser.byLabel("API key or operator key"), "pe_live_not_a_key");
        submit("Sign in");

        assertThat(browser.mainText()).contains("Invalid API key");
        Axe.assertNoSeriousViolations(browser);
    }

    @Test
    void aChangeWithoutTheCsrfToken_isRefused_andChangesNothing() {
        browser.signInAs("/console/sign-in", ConsoleApp.DEMO_KEY);
        browser.open("/console/endpoints");
        int before = browser.driver().findElements(By.cssSelector("main tbody tr")).size();

        String answer = post("/console/endpoints", "path=%2Fno-token&input_schema=%7B%22type%22%3A%22object%22%7D");

        assertThat(answer).startsWith("403\n").contains("CSRF token");
        browser.open("/console/endpoints");
        assertThat(browser.driver().findElements(By.cssSelector("main tbody tr"))).hasSize(before);
        assertThat(browser.mainText()).doesNotContain("/no-token");
    }

    @Test
    void authoringFlow_endpointPromptDraftTestPublish_thenCallItAndFindTheExecution() {
        browser.signInAs("/console/sign-in", ConsoleApp.DEMO_KEY);
        browser.browserErrors();
        String path = "/greet-" + Long.toString(System.nanoTime(), 36);

        // the endpoint, refused once for its schema: the API's message next to the field
        browser.open("/console/endpoints");
        browser.driver().findElement(By.linkText("New endpoint")).click();
        browser.waitFor(By.id("input_schema"));
        type(browser.byLabel("Path"), path);
        type(browser.byLabel("Input schema (JSON Schema)"), "{\"type\": \"object\", \"properties\": "
                + "{\"name\": {\"type\": \"strin\"}}}");
        submit("Create endpoint");
        WebElement schemaError = browser.waitFor(By.id("error-input_schema"));
        assertThat(schemaError.getText()).startsWith("Field 'input_schema' is not a valid JSON Schema");
        assertThat(browser.byLabel("Input schema (JSON Schema)").getDomAttribute("aria-invalid")).isEqualTo("true");
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "endpoint-schema-error");

        type(browser.byLabel("Input schema (JSON Schema)"), SCHEMA);
        submit("Create endpoint");
        browser.waitFor(By.cssSelector(".notice"));
        assertThat(browser.mainText()).contains("Endpoint created").contains(path);
        Axe.assertNoSeriousViolations(browser);
        String endpointPage = browser.path().replaceAll("\\?.*", "");

        // the OpenAPI tab: the full URL at the top, a copy button for it and for each language
        browser.driver().findElement(By.linkText("OpenAPI")).click();
        browser.waitFor(By.id("endpoint-url"));
        assertThat(browser.driver().findElement(By.id("endpoint-url")).getText()).isEqualTo(app.baseUrl() + path);
        assertThat(browser.driver().findElements(By.cssSelector("button[data-copy]")).stream()
                .map(WebElement::getText)).contains("Copy URL", "Copy curl", "Copy Python", "Copy JavaScript",
                        "Copy Java");
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "endpoint-openapi");

        // a prompt of the endpoint, and its first draft
        browser.open(endpointPage);
        browser.driver().findElement(By.linkText("New prompt")).click();
        browser.waitFor(By.id("name"));
        type(browser.byLabel("Name"), "hello");
        submit("Create prompt");
        browser.waitFor(By.id("user_template"));
        type(browser.byLabel("User template"), "Hello {{name}}, {{tone}}");
        assertThat(browser.byLabel("Model").getDomProperty("value")).isEqualTo("echo");
        Axe.assertNoSeriousViolations(browser);
        submit("Save draft");
        browser.waitFor(By.cssSelector(".notice"));
        assertThat(browser.mainText()).contains("Draft saved");

        // the test form, made from the endpoint's input schema
        browser.driver().findElement(By.linkText("Test version 1")).click();
        browser.waitFor(By.id("in-name"));
        assertThat(browser.byLabel("tone").getTagName()).isEqualTo("select");
        assertThat(browser.byLabel("times").getDomAttribute("inputmode")).isEqualTo("numeric");
        type(browser.byLabel("name (required)"), "Ada");
        browser.byLabel("tone").sendKeys("\"dry\"");
        submit("Run test");
        WebElement answer = browser.waitFor(By.id("answer"));
        assertThat(answer.getText()).isEqualTo("Hello Ada, dry");
        assertThat(browser.mainText()).contains("input tokens").contains("Latency");
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "prompt-test");

        // published after the confirmation
        browser.driver().findElement(By.linkText("Prompt hello")).click();
        browser.waitFor(By.linkText("Publish version 1")).click();
        browser.waitFor(By.xpath("//button[normalize-space(.)='Yes, publish version 1']"));
        Axe.assertNoSeriousViolations(browser);
        submit("Yes, publish version 1");
        browser.waitFor(By.cssSelector(".notice"));
        assertThat(browser.mainText()).contains("Version 1 is live.");

        // a second draft, side by side with the live one
        browser.driver().findElement(By.linkText("New draft")).click();
        type(browser.waitFor(By.id("user_template")), "Hi {{name}}!");
        submit("Save draft");
        browser.waitFor(By.cssSelector("pre.diff"));
        assertThat(browser.driver().findElements(By.cssSelector("pre.diff .removed")).stream()
                .map(WebElement::getText)).contains("- Hello {{name}}, {{tone}}");
        assertThat(browser.driver().findElements(By.cssSelector("pre.diff .added")).stream()
                .map(WebElement::getText)).contains("+ Hi {{name}}!");
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "prompt-versions");

        // called as a client calls it, and found in the log
        HttpResponse<String> call = app.post(ConsoleApp.DEMO_KEY, path, "{\"name\": \"Bob\", \"tone\": \"warm\"}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).isEqualTo("Hello Bob, warm");
        String execution = call.headers().firstValue("X-Execution-Id").orElseThrow();
        browser.open("/console/executions");
        browser.byLabel("Source").sendKeys("endpoint");
        submit("Filter");
        browser.waitFor(By.linkText(execution)).click();
        browser.waitFor(By.id("execution-output"));
        assertThat(browser.driver().findElement(By.id("execution-output")).getText()).isEqualTo("Hello Bob, warm");
        assertThat(browser.driver().findElement(By.id("execution-input")).getText()).contains("\"Bob\"");
        assertThat(browser.driver().findElement(By.id("execution-status")).getText()).isEqualTo("completed");
        assertThat(browser.driver().findElements(By.cssSelector("[hx-trigger]"))).as("an ended one is not polled")
                .isEmpty();
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "execution");
        browser.open("/console/executions");
        Axe.assertNoSeriousViolations(browser);
        ConsoleScreenshots.take(browser, "executions");
        // the refused schema's 400 is the one answer that is not a 2xx or 3xx, as the browser's log tells
        assertThat(browser.browserErrors()).as("no script error, no CSP refusal")
                .allMatch(message -> message.contains("Failed to load resource") && message.contains("400"));
    }

    @Test
    void aReadKey_seesNoEditControls_andItsEditIsRefused() {
        String reader = app.issueKey("demo", "reader", Scope.READ);
        browser.signInAs("/console/sign-in", reader);

        browser.open("/console/endpoints");
        assertThat(browser.driver().findElements(By.linkText("New endpoint"))).isEmpty();
        assertThat(browser.mainText()).contains("/api/v1/summarize");
        browser.driver().findElement(By.partialLinkText("/api/v1/summarize")).click();
        browser.waitFor(By.id("settings-heading"));
        assertThat(browser.driver().findElements(By.linkText("Edit endpoint"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("New prompt"))).isEmpty();
        Axe.assertNoSeriousViolations(browser);
        String token = browser.driver().findElement(By.name("_csrf")).getDomProperty("value");

        String answer = post("/console/endpoints", "_csrf=" + token
                + "&path=%2Fby-reader&input_schema=%7B%22type%22%3A%22object%22%7D");

        assertThat(answer).startsWith("403\n").contains("lacks the 'manage' scope");
        browser.open("/console/endpoints");
        assertThat(browser.mainText()).doesNotContain("/by-reader");
    }

    @Test
    void anotherTenantsEndpoint_isANotFoundPage() {
        browser.signInAs("/console/sign-in", ConsoleApp.DEMO_KEY);
        browser.open("/console/endpoints");
        String demoEndpoint = endpointId(browser.driver().findElement(By.partialLinkText("/api/v1/summarize"))
                .getDomAttribute("href"));
        browser.signInAs("/console/sign-in", app.tenantWithKey("rival-" + Long.toString(System.nanoTime(), 36),
                Scope.READ, Scope.MANAGE));

        browser.open("/console/endpoints/" + demoEndpoint);

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.mainText()).doesNotContain("/api/v1/summarize");
        Axe.assertNoSeriousViolations(browser);
        browser.open("/console/endpoints");
        assertThat(browser.mainText()).doesNotContain("/api/v1/summarize");
    }

    /** {@code POST path} of a form body from the page itself, with its cookies: the status, a line break, the body. */
    private static String post(String path, String body) {
        return (String) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', credentials: 'same-origin', body: arguments[1],
                        headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
                    .then(response => response.text().then(text => done(response.status + '\\n' + text)))
                    .catch(error => done('0\\n' + error));
                """, path, body);
    }

    private static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    /**
     * Presses the form's submit button named {@code label} and waits for the page it lands on: a mark left on this
     * page's window is gone once another page has loaded, whatever its address (a refused form posts back to the
     * same one).
     */
    private static void submit(String label) {
        WebElement button = browser.driver().findElement(By.xpath("//button[normalize-space(.)='" + label + "']"));
        browser.script("window.consoleTestMark = true;");
        button.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(driver -> !Boolean.TRUE.equals(browser.script("return window.consoleTestMark === true;"))
                        && "complete".equals(browser.script("return document.readyState;")));
        browser.settle();
    }

    private static String endpointId(String href) {
        Matcher id = Pattern.compile("/console/endpoints/(ep_[A-Za-z0-9]+)").matcher(href);
        assertThat(id.find()).as(href).isTrue();
        return id.group(1);
    }
}

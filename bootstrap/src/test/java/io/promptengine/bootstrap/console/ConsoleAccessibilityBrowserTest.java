package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.Scope;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every console page with the keyboard alone and under axe-core: Tab reaches every link and control in the order
 * of the page, Enter submits, and no page has a serious or critical violation. The sign-in, overview, usage and
 * prompt-diff pictures of the README are written to {@code docs/console} on the way when the build asks
 * ({@link ConsoleScreenshots}); {@code ConsoleAuthoringBrowserTest} takes the others.
 */
final class ConsoleAccessibilityBrowserTest {

    static final String SIGN_IN = "/console/sign-in";
    /** What Tab may land on, in the order of the page: the focus order a page without tabindex tricks has. */
    private static final String FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
            + "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
    private static final List<String> TENANT_NAV = List.of("Overview", "Endpoints", "Prompts", "Executions",
            "API keys", "Usage");

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConsoleApp app;
    /** The demo endpoint, its {@code summarize} prompt (given a draft, so that two versions compare) and a run. */
    private static String endpoint;
    private static String prompt;
    private static int draft;
    private static String execution;

    @BeforeAll
    static void start() {
        app = ConsoleApp.start();
        browser.baseUrl(app.baseUrl());
        for (int i = 0; i < 4; i++) {
            app.post(ConsoleApp.DEMO_KEY, "/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"hello " + i + "\"}");
        }
        endpoint = read(app.get(ConsoleApp.DEMO_KEY, "/v1/endpoints")).path("data").get(0).path("id").asString();
        prompt = read(app.get(ConsoleApp.DEMO_KEY, "/v1/prompts?endpoint_id=" + endpoint)).path("data").valueStream()
                .filter(each -> each.path("name").asString().equals("summarize")).findFirst().orElseThrow()
                .path("id").asString();
        JsonNode live = read(app.get(ConsoleApp.DEMO_KEY, "/v1/prompts/" + prompt + "/versions")).path("data").get(0);
        ObjectNode changed = JSON.createObjectNode();
        changed.put("user_template", live.path("user_template").asString() + "\nAnswer in plain words.");
        changed.put("model", live.path("model").asString());
        if (live.hasNonNull("system_template")) {
            changed.put("system_template", live.path("system_template").asString());
        }
        draft = read(app.post(ConsoleApp.DEMO_KEY, "/v1/prompts/" + prompt + "/versions",
                JSON.writeValueAsString(changed))).path("version").asInt();
        execution = read(app.get(ConsoleApp.DEMO_KEY, "/v1/executions")).path("data").get(0).path("id").asString();
    }

    private static JsonNode read(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signIn_withTheKeyboardAlone() {
        browser.open(SIGN_IN);
        browser.driver().manage().deleteAllCookies();
        browser.open(SIGN_IN);

        assertTabReachesEveryControlInOrder();
        browser.open(SIGN_IN);
        browser.tabTo(browser.byLabel("API key or operator key"), 10);
        browser.press(ConsoleApp.DEMO_KEY);
        browser.press(Keys.ENTER);
        browser.waitForNavigationFrom(SIGN_IN);

        assertThat(browser.path()).isEqualTo("/console");
    }

    @Test
    void everyTenantPage_tabReachesTheNavigationAndEveryControl_inOrder() {
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);

        for (String page : tenantPages()) {
            browser.open(page);
            List<String> order = assertTabReachesEveryControlInOrder();
            assertThat(order).as(page).containsSubsequence(TENANT_NAV.stream()
                    .map(label -> "a \"" + label + "\"").map(prefix -> order.stream().filter(each -> each.startsWith(prefix))
                            .findFirst().orElse(prefix + " (missing)")).toList());
        }
    }

    @Test
    void aKeyIsMade_withTheKeyboardAlone_andEnterSubmits() {
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);
        browser.open("/console/api-keys");

        browser.tabTo(browser.byLabel("Name"), 40);
        browser.press("made by keyboard");
        browser.press(Keys.ENTER);

        assertThat(browser.waitFor(By.id("new-secret")).getDomProperty("value")).startsWith("pe_live_");
        assertThat(browser.mainText()).contains("Key “made by keyboard” created");
    }

    @Test
    void everyPage_hasNoSeriousOrCriticalAccessibilityViolation() {
        List<String> failures = new ArrayList<>();
        browser.open(SIGN_IN);
        browser.driver().manage().deleteAllCookies();
        browser.open(SIGN_IN);
        scan(failures);
        ConsoleScreenshots.take(browser, "sign-in");
        browser.byLabel("API key or operator key").sendKeys("pe_live_not_a_key_of_anyone_0123456789abcdef", Keys.ENTER);
        browser.waitFor(By.id("error-key"));
        scan(failures);

        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);
        for (String page : tenantPages()) {
            browser.open(page);
            scan(failures);
            if (page.equals("/console")) {
                ConsoleScreenshots.take(browser, "overview");
            }
            if (page.startsWith("/console/usage?group_by=model")) {
                ConsoleScreenshots.take(browser, "usage");
            }
            if (page.equals("/console/prompts/" + prompt)) {
                ConsoleScreenshots.take(browser, "prompt-diff", By.xpath("//h2[normalize-space()='Side by side']"));
            }
        }
        browser.open("/console/api-keys");
        browser.byLabel("Name").sendKeys("scanned", Keys.ENTER);
        browser.waitFor(By.id("new-secret"));
        scan(failures);
        browser.open("/console/api-keys");
        browser.byLabel("Name").sendKeys("refused");
        browser.byLabel("Requests per minute of its own (empty: the plan's)").sendKeys("lots", Keys.ENTER);
        browser.waitFor(By.id("error-requests_per_minute"));
        scan(failures);
        browser.open("/console/usage?from=yesterday");
        scan(failures);
        browser.open("/console/no-such-page");
        scan(failures);

        browser.signInAs(SIGN_IN, ConsoleApp.OPERATOR_KEY);
        browser.open("/console/operator");
        scan(failures);
        browser.byLabel("Name").sendKeys("Refused Corporation");
        browser.byLabel("Slug").sendKeys("Not A Slug", Keys.ENTER);
        browser.waitFor(By.id("error-slug"));
        scan(failures);

        assertThat(failures).isEmpty();
    }

    /** The tenant's pages, with a key to revoke so that its confirmation is among them. */
    private static List<String> tenantPages() {
        app.issueKey("demo", "spare key", Scope.READ);
        browser.open("/console/api-keys");
        String revoke = browser.driver().findElement(By.partialLinkText("Revoke")).getDomAttribute("href");
        return List.of("/console", "/console?window=30d", "/console/api-keys", revoke, "/console/usage",
                "/console/usage?group_by=model", "/console/endpoints", "/console/endpoints/new",
                "/console/endpoints/" + endpoint, "/console/endpoints/" + endpoint + "/edit",
                "/console/endpoints/" + endpoint + "/openapi", "/console/prompts", "/console/prompts/new",
                "/console/prompts/" + prompt, "/console/prompts/" + prompt + "/drafts/new",
                "/console/prompts/" + prompt + "/versions/" + draft + "/publish",
                "/console/prompts/" + prompt + "/versions/" + draft + "/test", "/console/executions",
                "/console/executions?status=completed", "/console/executions/" + execution);
    }

    private static void scan(List<String> failures) {
        try {
            Axe.assertNoSeriousViolations(browser);
        } catch (AssertionError violation) {
            failures.add(violation.getMessage());
        }
    }

    /**
     * Tabs through the page shown now; the order must be every focusable element in document order: the links and
     * controls, and the scrolled boxes without one inside (such as a long {@code <pre>}), which Chromium lets the
     * keyboard scroll.
     */
    @SuppressWarnings("unchecked")
    private static List<String> assertTabReachesEveryControlInOrder() {
        List<WebElement> expected = (List<WebElement>) browser.script("""
                const controls = arguments[0];
                const scrolls = element => {
                  const style = getComputedStyle(element);
                  return (element.scrollHeight > element.clientHeight && /auto|scroll/.test(style.overflowY))
                      || (element.scrollWidth > element.clientWidth && /auto|scroll/.test(style.overflowX));
                };
                return Array.from(document.body.querySelectorAll('*')).filter(element =>
                    element.getClientRects().length > 0
                    && (element.matches(controls) || (scrolls(element) && !element.querySelector(controls))));
                """, FOCUSABLE);
        // a date or time field takes a press for each of its parts (up to six: month, day, year, hour, minute,
        // AM/PM); a few more show that the focus leaves the page
        long dates = (Long) browser.script("return arguments[0].filter(element =>"
                + " /^(date|datetime-local|time|month|week)$/.test(element.type)).length;", expected);
        List<String> order = browser.describe(browser.tabOrder((int) (expected.size() + 6 * dates + 5)));
        assertThat(order).as("Tab order of " + browser.path()).containsExactlyElementsOf(browser.describe(expected));
        return order;
    }
}

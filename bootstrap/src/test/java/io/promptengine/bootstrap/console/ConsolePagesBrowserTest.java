package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.Scope;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API keys, usage and operator pages in a real Chromium against the real application: a key's secret shown
 * once, a revocation after its confirmation, the usage CSV with the numbers of {@code /v1/usage}, and the operator's
 * tenants and plans, which a tenant's session is told do not exist.
 */
final class ConsolePagesBrowserTest {

    static final String SIGN_IN = "/console/sign-in";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static ConsoleApp app;

    @BeforeAll
    static void start() {
        app = ConsoleApp.start(new DownModelProvider());
        browser.baseUrl(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aNewKeysSecret_isShownOnce_andNeverAgain() {
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);
        browser.open("/console/api-keys");

        browser.byLabel("Name").sendKeys("deploy bot");
        browser.driver().findElement(By.cssSelector("input[name=scopes][value=read]")).click();
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create key']")).click();
        String secret = browser.waitFor(By.id("new-secret")).getDomProperty("value");

        assertThat(secret).startsWith("pe_live_");
        assertThat(browser.driver().findElement(By.cssSelector("button[data-copy=new-secret]")).getText())
                .isEqualTo("Copy");
        assertThat(app.get(secret, "/v1/executions").statusCode()).isEqualTo(200);
        browser.driver().navigate().refresh();
        browser.settle();
        assertThat(browser.path()).isEqualTo("/console/api-keys");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret).contains("deploy bot");
        for (String page : List.of("/console/api-keys", "/console", "/console/usage")) {
            browser.open(page);
            assertThat(browser.driver().getPageSource()).as(page).doesNotContain(secret);
        }
    }

    @Test
    void aKey_isRevokedOnlyAfterItsConfirmation() {
        String doomed = app.issueKey("demo", "doomed key", Scope.READ);
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);
        browser.open("/console/api-keys");

        revokeLinkOf("doomed key").click();
        browser.settle();
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Revoke the key “doomed key”?");
        assertThat(app.get(doomed, "/v1/executions").statusCode()).as("not revoked before the confirmation")
                .isEqualTo(200);
        browser.driver().findElement(By.xpath("//button[normalize-space()='Revoke key']")).click();
        browser.waitFor(By.cssSelector("p.notice"));

        assertThat(browser.path()).startsWith("/console/api-keys?revoked=");
        assertThat(app.get(doomed, "/v1/executions").statusCode()).isEqualTo(401);
        assertThat(rowOf("doomed key").getText()).contains("revoked");
        assertThat(rowOf("doomed key").findElements(By.partialLinkText("Revoke"))).isEmpty();
    }

    @Test
    void aReadOnlyKey_isRefusedTheKeysPage_asTheApiRefusesItTheKeys() {
        browser.signInAs(SIGN_IN, app.issueKey("demo", "reader", Scope.READ));
        browser.open("/console/api-keys");

        assertThat(browser.mainText()).contains("This API key lacks the 'manage' scope");
        assertThat(browser.driver().findElements(By.xpath("//button[normalize-space()='Create key']"))).isEmpty();
    }

    @Test
    void theUsageCsv_holdsTheNumbersOfTheUsageApi() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(app.post(ConsoleApp.DEMO_KEY, "/v1/prompt/execute",
                    "{\"model\":\"echo\",\"input\":\"usage, \\\"quoted\\\" " + i + "\"}").statusCode()).isEqualTo(200);
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);
        browser.open("/console/usage?group_by=model&from=" + today + "&to=" + today);

        String csvLink = browser.driver().findElement(By.linkText("Download CSV")).getDomAttribute("href");
        HttpResponse<String> csv = app.getWithCookie(browser.driver().manage().getCookieNamed("pe_console_session")
                .getValue(), csvLink);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"usage-by-model-"
                + today + "-" + LocalDate.parse(today).plusDays(1) + ".csv\"");
        HttpResponse<String> api = app.get(ConsoleApp.DEMO_KEY, "/v1/usage?group_by=model&from=" + today
                + "T00:00:00Z&to=" + LocalDate.parse(today).plusDays(1) + "T00:00:00Z");
        assertThat(csv.body()).isEqualTo(csvOf(JSON.readTree(api.body())));
        assertThat(csv.body()).contains("\r\necho,3,");
        assertThat(browser.driver().findElement(By.id("usage-table")).getText()).contains("echo");
    }

    @Test
    void theOperator_createsDeactivatesAndReactivatesATenant_andCreatesAPlan() {
        browser.signInAs(SIGN_IN, ConsoleApp.OPERATOR_KEY);
        assertThat(browser.path()).isEqualTo("/console/operator");

        browser.byLabel("Slug").sendKeys("globex");
        browser.byLabel("Name").sendKeys("Globex Corporation");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create tenant']")).click();
        browser.waitForNavigationFrom("/console/operator");
        assertThat(browser.driver().findElement(By.cssSelector("p.notice")).getText()).isEqualTo("Tenant globex created");
        String globexKey = app.issueKey("globex", "globex key", Scope.READ);
        assertThat(app.get(globexKey, "/v1/executions").statusCode()).isEqualTo(200);

        rowOf("globex").findElement(By.xpath(".//button[starts-with(normalize-space(), 'Deactivate')]")).click();
        browser.waitFor(By.xpath("//p[@class='notice' and starts-with(., 'Tenant globex deactivated')]"));
        assertThat(rowOf("globex").getText()).contains("deactivated");
        assertThat(app.get(globexKey, "/v1/executions").statusCode()).isEqualTo(403);
        rowOf("globex").findElement(By.xpath(".//button[starts-with(normalize-space(), 'Reactivate')]")).click();
        browser.waitFor(By.xpath("//p[@class='notice' and .='Tenant globex reactivated']"));
        assertThat(app.get(globexKey, "/v1/executions").statusCode()).isEqualTo(200);

        browser.byLabel("Plan name").sendKeys("team");
        browser.byLabel("Requests per minute").sendKeys("many");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create plan']")).click();
        assertThat(browser.waitFor(By.id("error-requests_per_minute")).getText()).contains("requests_per_minute");
        browser.byLabel("Requests per minute").clear();
        browser.byLabel("Requests per minute").sendKeys("120");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create plan']")).click();
        browser.waitFor(By.xpath("//p[@class='notice' and .='Plan team created']"));
        assertThat(rowOf("team").getText()).contains("120").contains("custom");
    }

    @Test
    void theOverview_countsAFailedExecutionAsAnError_andLinksToIt() throws Exception {
        HttpResponse<String> failed = app.post(ConsoleApp.DEMO_KEY, "/v1/prompt/execute",
                "{\"model\":\"" + DownModelProvider.MODEL + "\",\"input\":\"hi\"}");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
        String execution = JSON.readTree(app.get(ConsoleApp.DEMO_KEY, "/v1/executions?status=failed").body())
                .path("data").get(0).path("id").asString();
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);

        browser.open("/console");

        assertThat(browser.driver().findElement(By.cssSelector("#chart-errors figcaption")).getText())
                .startsWith("Errors: 1 in the last 24 hours");
        assertThat(browser.driver().findElements(By.cssSelector("#chart-errors canvas"))).as("drawn by uPlot")
                .isNotEmpty();
        WebElement failure = rowOf(execution);
        assertThat(failure.getText()).contains("failed").contains(DownModelProvider.MODEL)
                .contains("The model is down for maintenance");
        failure.findElement(By.linkText(execution)).click();
        browser.settle();
        assertThat(browser.path()).isEqualTo("/console/executions/" + execution);
    }

    @Test
    void aTenantsSession_isToldTheOperatorPagesDoNotExist() {
        browser.signInAs(SIGN_IN, ConsoleApp.DEMO_KEY);

        browser.open("/console/operator");

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.driver().findElements(By.linkText("Operator"))).isEmpty();
        assertThat(browser.fetch("/console/operator")).startsWith("404\n");
    }

    private static WebElement rowOf(String text) {
        return browser.driver().findElement(By.xpath("//tr[td[normalize-space()='" + text + "']]"));
    }

    private static WebElement revokeLinkOf(String keyName) {
        return browser.driver().findElement(By.xpath("//tr[td[starts-with(normalize-space(), '" + keyName
                + "')]]//a[starts-with(normalize-space(), 'Revoke')]"));
    }

    /** The CSV the console should send for the API's report: its columns, its numbers, CRLF line ends. */
    private static String csvOf(JsonNode report) {
        List<String> lines = new ArrayList<>();
        lines.add("model,executions,input_tokens,output_tokens,total_tokens,cached_input_tokens,cache_write_tokens,"
                + "reasoning_tokens,cost,unpriced_executions");
        for (JsonNode row : report.path("data")) {
            lines.add(String.join(",", row.path("key").asString(), row.path("executions").asString(),
                    row.path("input_tokens").asString(), row.path("output_tokens").asString(),
                    row.path("total_tokens").asString(), row.path("cached_input_tokens").asString(),
                    row.path("cache_write_tokens").asString(), row.path("reasoning_tokens").asString(),
                    row.path("cost").decimalValue().toPlainString(), row.path("unpriced_executions").asString()));
        }
        return String.join("\r\n", lines) + "\r\n";
    }
}

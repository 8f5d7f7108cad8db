package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The browser harness proved on its own, before any console page exists: a tiny Javalin server sends pages under the
 * console's Content-Security-Policy, with a form, a focus order, an in-flight request and a page axe must refuse.
 */
final class ConsoleBrowserTest {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static Javalin server;

    @BeforeAll
    static void start() {
        server = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.header("Content-Security-Policy", CSP));
            config.routes.get("/page", ctx -> ctx.html(page("Harness", """
                    <nav aria-label="Main"><a href="/page">Home</a> <a href="/sign-in">Sign in</a></nav>
                    <main id="main"><h1>Harness</h1>
                    <form method="post" action="/submit">
                      <label for="name">Name</label> <input id="name" name="name">
                      <label for="colour">Colour</label>
                      <select id="colour" name="colour"><option>red</option><option>blue</option></select>
                      <button type="submit">Send</button>
                    </form>
                    <script>document.title = 'the inline script ran';</script>
                    </main>""")));
            config.routes.post("/submit", ctx -> ctx.html(page("Received", "<main id=\"main\"><h1>Received</h1>"
                    + "<p id=\"received\">" + escape(ctx.formParam("name")) + " likes " + escape(ctx.formParam("colour"))
                    + "</p></main>")));
            config.routes.get("/busy", ctx -> ctx.html(page("Busy", """
                    <main id="main"><h1>Busy</h1><p id="target" class="htmx-request">loading</p></main>
                    <script src="/busy.js"></script>""")));
            config.routes.get("/busy.js", ctx -> ctx.contentType("text/javascript").result("""
                    setTimeout(() => {
                      const target = document.getElementById('target');
                      target.textContent = 'loaded';
                      target.classList.remove('htmx-request');
                    }, 700);"""));
            config.routes.get("/sign-in", ctx -> ctx.html(page("Sign in", """
                    <main id="main"><h1>Sign in</h1><form method="post" action="/sign-in">
                    <label for="key">API key</label> <input id="key" name="key" type="password">
                    <button type="submit">Sign in</button></form></main>""")));
            config.routes.post("/sign-in", ctx -> {
                if ("pe_secret".equals(ctx.formParam("key"))) {
                    ctx.redirect("/welcome", io.javalin.http.HttpStatus.SEE_OTHER);
                } else {
                    ctx.status(401).html(page("Sign in", "<main id=\"main\"><h1>Wrong key</h1></main>"));
                }
            });
            config.routes.get("/welcome", ctx -> ctx.html(page("Welcome", "<main id=\"main\"><h1>Welcome</h1></main>")));
            config.routes.get("/inaccessible", ctx -> ctx.html("""
                    <!doctype html><html><head><title>Bad</title></head><body>
                    <img src="/nothing.png"><form><input name="unlabelled"></form></body></html>"""));
        }).start();
        browser.baseUrl("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void givenTheConsolesCsp_anInlineScript_isRefusedAndTheRefusalLogged() {
        browser.browserErrors();
        browser.open("/page");

        assertThat(browser.driver().getTitle()).isEqualTo("Harness");
        assertThat(browser.browserErrors()).anySatisfy(error -> assertThat(error)
                .contains("Content Security Policy").contains("inline script"));
    }

    @Test
    void tabOrder_isEveryLinkAndControlInDocumentOrder() {
        browser.open("/page");

        assertThat(browser.describe(browser.tabOrder(20))).containsExactly(
                "a \"Skip to content\" (href=#main)", "a \"Home\" (href=/page)", "a \"Sign in\" (href=/sign-in)",
                "input #name [name=name]", "select \"red\nblue\" #colour [name=colour]", "button \"Send\"");
    }

    @Test
    void theKeyboardAlone_fillsAndSubmitsTheForm() {
        browser.open("/page");

        browser.tabTo(browser.byLabel("Name"), 10);
        browser.press("Ada");
        browser.press(Keys.TAB);
        browser.press(Keys.ARROW_DOWN);
        browser.press(Keys.TAB);
        browser.press(Keys.ENTER);
        browser.waitForNavigationFrom("/page");

        assertThat(browser.driver().findElement(By.id("received")).getText()).isEqualTo("Ada likes blue");
    }

    @Test
    void signIn_typesTheKeyAndFollowsTheRedirect() {
        browser.signIn("/sign-in", "pe_secret");

        assertThat(browser.path()).isEqualTo("/welcome");
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Welcome");
    }

    @Test
    void open_waitsUntilTheRequestInFlightHasSettled() {
        browser.open("/busy");

        assertThat(browser.driver().findElement(By.id("target")).getText()).isEqualTo("loaded");
    }

    @Test
    void axe_passesTheAccessiblePage() {
        browser.open("/page");

        Axe.assertNoSeriousViolations(browser);
    }

    @Test
    void axe_failsTheInaccessiblePage_namingEveryRuleAndElement() {
        browser.open("/inaccessible");

        assertThatThrownBy(() -> Axe.assertNoSeriousViolations(browser)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/inaccessible")
                .hasMessageContaining("[critical] image-alt").hasMessageContaining("<img src=\"/nothing.png\">")
                .hasMessageContaining("[critical] label").hasMessageContaining("<input name=\"unlabelled\">")
                .hasMessageContaining("[serious] html-has-lang");
    }

    @Test
    void aFailure_savesTheScreenshotAndThePageSource() throws IOException {
        browser.open("/page");

        Path png = browser.saveFailure("ConsoleBrowserTest.probe");

        assertThat(png).startsWith(ConsoleBrowser.FAILURES);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.resolveSibling("ConsoleBrowserTest.probe.html")).content().contains("<h1>Harness</h1>");
    }

    @Test
    void aScreenshot_isTheLaptopWindow(@TempDir Path folder) throws IOException {
        browser.open("/page");

        Path png = ConsoleScreenshots.take(browser, "harness", folder);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(ConsoleBrowser.WINDOW.getWidth());
        assertThat(image.getHeight()).isEqualTo(ConsoleBrowser.WINDOW.getHeight());
    }

    @Test
    void screenshots_areTakenOnlyWhenTheBuildAsks() {
        assertThat(ConsoleScreenshots.folder("", Path.of("/repo"))).isEmpty();
        assertThat(ConsoleScreenshots.folder("docs/console", Path.of("/repo/bootstrap/.."))).contains(
                Path.of("/repo/docs/console"));
        assertThat(ConsoleScreenshots.folder("/tmp/shots", Path.of("/repo"))).contains(Path.of("/tmp/shots"));
    }

    @Test
    void aMissingBrowser_failsTheTestsRatherThanSkippingThem() {
        assertThatThrownBy(() -> ConsoleBrowser.requireInstalled(List.of(Path.of("/nowhere/chromium"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nowhere/chromium").hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body><a href=\"#main\">Skip to content</a>" + body + "</body></html>";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

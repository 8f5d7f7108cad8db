package io.promptengine.bootstrap.console;

import io.promptengine.bootstrap.SystemTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a test class: Debian's {@code chromium} driven through its {@code chromium-driver}, both
 * at explicit paths so that Selenium Manager never looks for (or downloads) a browser or a driver. Registered as
 * {@code @RegisterExtension static final ConsoleBrowser browser = new ConsoleBrowser();} it starts before the class's
 * first test, quits after its last, and saves a screenshot and the page source of every failing test under
 * {@code bootstrap/target/console-failures/}.
 *
 * <p>A missing browser fails the class; only {@code -Dconsole.browser.skip=true} leaves the browser tests out, and
 * says so.
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path FAILURES = Path.of(System.getProperty("console.failures", "target/console-failures"));
    /** The window every test and every committed screenshot sees: a laptop screen, as the README promises. */
    static final Dimension WINDOW = new Dimension(1366, 900);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** htmx's classes while a request is in flight or its answer is being swapped in and settled. */
    private static final String HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added";

    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;
    private String baseUrl;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("console.browser.skip"),
                "-Dconsole.browser.skip=true: the console's browser tests are left out");
        installWhenMissing();
        requireInstalled(List.of(CHROMIUM, CHROMEDRIVER));
        profile = Files.createTempDirectory("pe-chromium-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without the networking flags Chromium keeps trying to reach Google's services, which a closed network
        // makes slow; a fresh profile keeps one test class's cookies and storage from another's
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(30));
        fitViewport();
    }

    /**
     * Debian's chromium and chromium-driver, installed with apt-get when the suite runs as root and they are missing
     * at their default paths (as on CI), so that the README's test command needs only a JDK and Maven there.
     */
    private static void installWhenMissing() {
        if (CHROMIUM.equals(Path.of("/usr/bin/chromium")) && !Files.isExecutable(CHROMIUM)) {
            SystemTools.require("chromium", "chromium");
        }
        if (CHROMEDRIVER.equals(Path.of("/usr/bin/chromedriver")) && !Files.isExecutable(CHROMEDRIVER)) {
            SystemTools.require("chromedriver", "chromium-driver");
        }
    }

    /** Fails, naming the install command, when a browser program is missing: never a silent skip. */
    static void requireInstalled(List<Path> programs) {
        for (Path program : programs) {
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException("no " + program + " for the console's browser tests: "
                        + "apt-get install -y chromium chromium-driver (or -Dconsole.browser.skip=true to leave them out)");
            }
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && driver != null) {
            saveFailure(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    ChromeDriver driver() {
        return Objects.requireNonNull(driver, "the browser starts before the class's first test");
    }

    /** The server every later {@link #open} goes to, such as {@code http://127.0.0.1:54321}. */
    ConsoleBrowser baseUrl(String url) {
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return this;
    }

    String baseUrl() {
        return Objects.requireNonNull(baseUrl, "baseUrl(...) names the server first");
    }

    /** Loads {@code path} (such as {@code /console/keys}) on the base URL and waits until htmx has settled. */
    void open(String path) {
        driver().get(baseUrl() + path);
        settle();
    }

    /** The path and query of the page shown now. */
    String path() {
        String url = driver().getCurrentUrl();
        return url.startsWith(baseUrl()) ? url.substring(baseUrl().length()) : url;
    }

    /**
     * Signs in as a person would: opens {@code signInPath}, types {@code key} into the page's password field and
     * presses Enter, then waits for the page it lands on.
     */
    void signIn(String signInPath, String key) {
        open(signInPath);
        WebElement field = driver().findElement(By.cssSelector("input[type=password]"));
        field.clear();
        field.sendKeys(key, Keys.ENTER);
        waitForNavigationFrom(signInPath);
    }

    /** Signs out whoever this browser was signed in as (its cookies go), then signs in with {@code key}. */
    void signInAs(String signInPath, String key) {
        open(signInPath);
        driver().manage().deleteAllCookies();
        signIn(signInPath, key);
    }

    /** Waits until an element {@code by} finds is on the page, and returns it. */
    WebElement waitFor(By by) {
        return new WebDriverWait(driver(), WAIT).until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    /** The visible text of the page's {@code <main>}. */
    String mainText() {
        return driver().findElement(By.tagName("main")).getText();
    }

    /**
     * {@code GET path} from the page, with its cookies, as a link the page holds would fetch it: the status, a line
     * break and the body.
     */
    String fetch(String path) {
        return (String) ((JavascriptExecutor) driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { credentials: 'same-origin' })
                    .then(response => response.text().then(text => done(response.status + '\\n' + text)))
                    .catch(error => done('0\\n' + error));
                """, path);
    }

    /** Waits until the page is no longer {@code path} (a form's POST and its redirect), then for htmx to settle. */
    void waitForNavigationFrom(String path) {
        new WebDriverWait(driver(), WAIT).until(d -> !path().equals(path) && ready());
        settle();
    }

    /** Waits until the document is loaded and no htmx request, swap or settle is under way. */
    void settle() {
        new WebDriverWait(driver(), WAIT).until(d -> ready()
                && Boolean.TRUE.equals(script("return document.querySelector(arguments[0]) === null;", HTMX_BUSY)));
    }

    private boolean ready() {
        return "complete".equals(script("return document.readyState;"));
    }

    /**
     * The elements Tab reaches, in order, from the top of a freshly loaded page until focus leaves the document or
     * comes back to one already seen, in {@code presses} presses of Tab. The page records each element that gets
     * the focus and the presses go in one batch, which is many times faster than one round trip each; an element
     * that keeps the focus for several presses (the parts of a date field) is listed once.
     */
    @SuppressWarnings("unchecked")
    List<WebElement> tabOrder(int presses) {
        // a stand-in at the very top takes the focus first (an autofocus field may hold it further down), so that
        // the first Tab goes where it goes on a page just opened
        script("window.scrollTo(0, 0); window.peFocusOrder = [];"
                + " document.addEventListener('focusin', event => window.peFocusOrder.push(event.target), true);"
                + " const start = document.createElement('span'); start.tabIndex = -1; start.id = 'pe-tab-start';"
                + " document.body.prepend(start); start.focus(); window.peFocusOrder = [];");
        Actions tabs = new Actions(driver());
        for (int i = 0; i < presses; i++) {
            tabs.sendKeys(Keys.TAB);
        }
        tabs.perform();
        List<WebElement> focused = (List<WebElement>) script(
                "const order = window.peFocusOrder.filter(element => element.id !== 'pe-tab-start');"
                        + " document.getElementById('pe-tab-start').remove(); return order;");
        List<WebElement> order = new ArrayList<>();
        for (WebElement element : focused) {
            if (order.contains(element)) {
                break;
            }
            order.add(element);
        }
        return order;
    }

    /** Presses Tab until {@code target} has the focus, failing after {@code max} presses. */
    void tabTo(WebElement target, int max) {
        for (int i = 0; i < max; i++) {
            new Actions(driver()).sendKeys(Keys.TAB).perform();
            if (driver().switchTo().activeElement().equals(target)) {
                return;
            }
        }
        throw new AssertionError("Tab did not reach " + describe(target) + " in " + max + " presses");
    }

    /** Types into the focused element, or presses keys such as {@link Keys#ENTER}, as a keyboard would. */
    void press(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }

    /** The form control whose {@code <label>} reads {@code text}: finding it proves the label is there. */
    WebElement byLabel(String text) {
        WebElement label = driver().findElement(By.xpath("//label[normalize-space(.)=" + xpathLiteral(text) + "]"));
        String target = label.getDomAttribute("for");
        return target == null || target.isEmpty()
                ? label.findElement(By.cssSelector("input, select, textarea"))
                : driver().findElement(By.id(target));
    }

    /** An element as a reader of a failed assertion wants it: {@code a "Usage" (href=/console/usage)}. */
    static String describe(WebElement element) {
        String text = element.getText().strip();
        String name = Objects.requireNonNullElse(element.getDomAttribute("name"), "");
        String href = Objects.requireNonNullElse(element.getDomAttribute("href"), "");
        String id = Objects.requireNonNullElse(element.getDomAttribute("id"), "");
        return element.getTagName() + (text.isEmpty() ? "" : " \"" + text + "\"")
                + (id.isEmpty() ? "" : " #" + id) + (name.isEmpty() ? "" : " [name=" + name + "]")
                + (href.isEmpty() ? "" : " (href=" + href + ")");
    }

    /** {@link #describe(WebElement)} of each element, in one round trip to the page rather than five an element. */
    @SuppressWarnings("unchecked")
    List<String> describe(List<WebElement> elements) {
        return (List<String>) script("""
                return arguments[0].map(element => {
                  const text = (element.innerText || '').trim();
                  const id = element.getAttribute('id') || '';
                  const name = element.getAttribute('name') || '';
                  const href = element.getAttribute('href') || '';
                  return element.tagName.toLowerCase() + (text ? ' "' + text + '"' : '') + (id ? ' #' + id : '')
                      + (name ? ' [name=' + name + ']' : '') + (href ? ' (href=' + href + ')' : '');
                });
                """, elements);
    }

    /** What the page logged as an error since the last call, Content-Security-Policy refusals among them. */
    List<String> browserErrors() {
        return driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver()).executeScript(javascript, arguments);
    }

    /** Saves the page as it is now to {@code FAILURES/<name>.png} and {@code .html}; returns the screenshot. */
    Path saveFailure(String name) {
        try {
            Files.createDirectories(FAILURES);
            Path png = FAILURES.resolve(name + ".png");
            Files.write(png, driver().getScreenshotAs(OutputType.BYTES));
            Files.writeString(FAILURES.resolve(name + ".html"),
                    "<!-- " + driver().getCurrentUrl() + " -->\n" + driver().getPageSource(), StandardCharsets.UTF_8);
            System.err.println("console browser: the failing page is saved as " + png.toAbsolutePath());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The new headless mode counts its (invisible) window frame into {@code --window-size}: the window grows by the
     * difference so that the page itself gets {@link #WINDOW}, the size of every screenshot.
     */
    private void fitViewport() {
        long width = ((Number) script("return window.innerWidth;")).longValue();
        long height = ((Number) script("return window.innerHeight;")).longValue();
        Dimension outer = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(outer.getWidth() + WINDOW.getWidth() - (int) width,
                outer.getHeight() + WINDOW.getHeight() - (int) height));
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

package io.promptengine.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.out.Clock;
import io.promptengine.bootstrap.PromptEngine;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console over plain HTTP on the real application, no browser: what its cookie says, the headers of its pages,
 * sessions ending (idle expiry, sign-out, a revoked key), CSRF and origin checks, scopes and tenancy. A refused
 * change is checked to have changed nothing.
 */
final class ConsoleHttpTest {

    private static final String DEMO_KEY = "pe_live_console_http_demo_key_0123456789abcdef";
    private static final String OPERATOR_KEY = "pe_admin_console_http_operator_key_012345678";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** The engine's clock: the real time plus an offset the idle-expiry test moves. */
    private static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);

    private static PromptEngine engine;
    private static String base;

    @BeforeAll
    static void start() {
        Clock clock = () -> Instant.now().plus(AHEAD.get());
        engine = PromptEngine.builder().clock(clock).settings(Map.of(
                "PE_HOST", "127.0.0.1",
                "PE_PORT", "0",
                "PE_DB_URL", "jdbc:h2:mem:console-http-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "PE_DEMO_KEY", DEMO_KEY,
                "PE_ADMIN_KEY", OPERATOR_KEY,
                "PE_WORKERS", "1",
                "PE_CONSOLE_IDLE_TIMEOUT", "5m")).start();
        base = "http://127.0.0.1:" + engine.port().orElseThrow();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void signIn_setsAnHttpOnlyStrictCookieForTheConsoleOnly_whichIsNotTheKey() {
        HttpResponse<String> signedIn = post(Optional.empty(), "/console/sign-in", Map.of("key", DEMO_KEY));

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/console");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("pe_console_session=").contains("HttpOnly", "SameSite=Strict", "Path=/console")
                .doesNotContain("Secure").doesNotContain(DEMO_KEY);
        assertThat(cookie.toLowerCase()).doesNotContain("domain=");
    }

    @Test
    void givenTlsAtTheProxy_signIn_marksTheCookieSecure() {
        HttpResponse<String> signedIn = ConsoleApp.send(form("/console/sign-in", Map.of("key", DEMO_KEY))
                .header("X-Forwarded-Proto", "https").build());

        assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
    }

    @Test
    void everyPage_carriesTheContentSecurityPolicyAndIsNeverCached_andNoPageShowsTheKey() {
        Session session = signIn(DEMO_KEY);
        for (String path : new String[] {"/console", "/console/endpoints", "/console/prompts", "/console/executions",
                "/console/sign-in"}) {
            HttpResponse<String> page = session.get(path);

            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            assertThat(page.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(page.body()).as(path).doesNotContain(DEMO_KEY).doesNotContain("<script>")
                    .doesNotContainPattern(" on[a-z]+=");
        }
    }

    @Test
    void assets_areServedFromTheJarWithLongCacheHeaders_andUnknownOnesAreNotFound() {
        String page = signIn(DEMO_KEY).get("/console").body();
        Matcher script = Pattern.compile("src=\"(/console/assets/[0-9a-f]+/htmx\\.min\\.js)\"").matcher(page);
        assertThat(script.find()).isTrue();

        HttpResponse<String> htmx = ConsoleApp.send(HttpRequest.newBuilder(URI.create(base + script.group(1))).GET().build());

        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/javascript"));
        assertThat(htmx.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(ConsoleApp.send(HttpRequest.newBuilder(URI.create(base + "/console/assets/000000000000/htmx.min.js"))
                .GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutASession_pagesSendToSignIn_andABadKeyIsRefusedWithTheApisMessage() {
        HttpResponse<String> page = ConsoleApp.send(HttpRequest.newBuilder(URI.create(base + "/console/endpoints")).GET().build());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).contains("/console/sign-in");

        HttpResponse<String> refused = post(Optional.empty(), "/console/sign-in", Map.of("key", "pe_live_nobody"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Invalid API key");
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void givenNoIdleUse_theSessionEnds() {
        Session session = signIn(DEMO_KEY);
        AHEAD.set(Duration.ofMinutes(4));
        try {
            assertThat(session.get("/console").statusCode()).as("used within the idle timeout").isEqualTo(200);
            AHEAD.set(Duration.ofMinutes(10));

            assertThat(session.get("/console").statusCode()).as("idle for six minutes").isEqualTo(303);
        } finally {
            AHEAD.set(Duration.ZERO);
        }
        assertThat(session.get("/console").statusCode()).as("the session was deleted").isEqualTo(303);
    }

    @Test
    void signOut_endsTheSession() {
        Session session = signIn(DEMO_KEY);

        HttpResponse<String> out = session.post("/console/sign-out", Map.of());

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Expires=Thu, 01 Jan 1970");
        assertThat(session.get("/console").statusCode()).isEqualTo(303);
    }

    @Test
    void givenTheKeyRevoked_itsSessionEndsAtTheNextRequest() {
        String tenant = tenant("revoked");
        IssuedApiKey key = issue(tenant, Scope.READ, Scope.MANAGE);
        Session session = signIn(key.secret().reveal());
        assertThat(session.get("/console/endpoints").statusCode()).isEqualTo(200);

        Caller manager = new Caller(new TenantId(tenant), key.key().id(), Set.of(Scope.MANAGE), "free",
                OptionalInt.empty());
        engine.useCases().administration().apiKeys().revoke(manager, key.key().id().value());

        assertThat(session.get("/console/endpoints").statusCode()).isEqualTo(303);
    }

    @Test
    void givenNoCsrfToken_aChangeIsRefused_andNothingChanges() {
        Session session = signIn(DEMO_KEY);
        int before = endpointCount(session);

        HttpResponse<String> missing = session.postWithout("/console/endpoints", endpointForm("/csrf-missing"));
        Map<String, String> wrong = endpointForm("/csrf-wrong");
        wrong.put("_csrf", "not-the-token");
        HttpResponse<String> mismatched = session.postWithout("/console/endpoints", wrong);

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("CSRF token");
        assertThat(mismatched.statusCode()).isEqualTo(403);
        assertThat(endpointCount(session)).isEqualTo(before);
        assertThat(session.post("/console/endpoints", endpointForm("/csrf-right")).statusCode()).isEqualTo(303);
        assertThat(endpointCount(session)).isEqualTo(before + 1);
    }

    @Test
    void givenAnotherSitesOrigin_aChangeIsRefused_evenWithTheToken() {
        Session session = signIn(DEMO_KEY);
        int before = endpointCount(session);
        Map<String, String> fields = endpointForm("/cross-site");
        fields.put("_csrf", session.csrf());

        HttpResponse<String> crossSite = ConsoleApp.send(form("/console/endpoints", fields).header("Cookie", session.cookie)
                .header("Origin", "https://evil.example").build());
        HttpResponse<String> fetchedAcross = ConsoleApp.send(form("/console/endpoints", fields).header("Cookie", session.cookie)
                .header("Sec-Fetch-Site", "cross-site").build());

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(fetchedAcross.statusCode()).isEqualTo(403);
        assertThat(endpointCount(session)).isEqualTo(before);
    }

    @Test
    void givenAReadKey_editsAreRefused_andNoEditControlIsShown() {
        String tenant = tenant("reader");
        Session reader = signIn(issue(tenant, Scope.READ).secret().reveal());

        assertThat(reader.get("/console/endpoints").body()).doesNotContain("New endpoint");
        assertThat(reader.get("/console/endpoints/new").statusCode()).isEqualTo(403);
        HttpResponse<String> create = reader.post("/console/endpoints", endpointForm("/by-a-reader"));

        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("lacks the 'manage' scope");
        assertThat(reader.get("/console/endpoints").body()).doesNotContain("/by-a-reader");
    }

    @Test
    void anotherTenantsEndpoint_isNotFound() {
        Session demo = signIn(DEMO_KEY);
        demo.post("/console/endpoints", endpointForm("/demo-only"));
        Matcher link = Pattern.compile("href=\"/console/endpoints/(ep_[^\"]+)\"><code>/demo-only</code>")
                .matcher(demo.get("/console/endpoints").body());
        assertThat(link.find()).isTrue();
        Session other = signIn(issue(tenant("other"), Scope.READ, Scope.MANAGE).secret().reveal());

        HttpResponse<String> page = other.get("/console/endpoints/" + link.group(1));
        HttpResponse<String> edit = other.post("/console/endpoints/" + link.group(1), endpointForm("/taken-over"));

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).doesNotContain("/demo-only");
        assertThat(edit.statusCode()).isEqualTo(404);
        assertThat(other.get("/console/endpoints").body()).doesNotContain("/demo-only");
    }

    @Test
    void theOperatorKey_opensAnOperatorSession_thatSeesNoTenantsPages() {
        HttpResponse<String> signedIn = post(Optional.empty(), "/console/sign-in", Map.of("key", OPERATOR_KEY));
        assertThat(signedIn.headers().firstValue("Location")).contains("/console/operator");
        Session operator = new Session(cookieOf(signedIn));

        HttpResponse<String> tenantsPage = operator.get("/console/endpoints");

        assertThat(tenantsPage.statusCode()).isEqualTo(303);
        assertThat(tenantsPage.headers().firstValue("Location")).contains("/console/operator");
    }

    @Test
    void anUnknownConsolePath_isTheConsolesNotFoundPage() {
        HttpResponse<String> page = signIn(DEMO_KEY).get("/console/no-such-page");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
    }

    @Test
    void givenTheConsoleOff_itsPathsAreTheApisOwn() {
        try (PromptEngine off = PromptEngine.builder().settings(Map.of("PE_HOST", "127.0.0.1", "PE_PORT", "0",
                "PE_DB_URL", "jdbc:h2:mem:console-off-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "PE_CONSOLE", "false")).start()) {
            String url = "http://127.0.0.1:" + off.port().orElseThrow();

            HttpResponse<String> page = ConsoleApp.send(HttpRequest.newBuilder(URI.create(url + "/console/sign-in")).GET()
                    .build());

            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.headers().firstValue("Content-Type")).contains("application/json");
        }
    }

    private static int endpointCount(Session session) {
        Matcher rows = Pattern.compile("<a href=\"/console/endpoints/ep_").matcher(session.get("/console/endpoints")
                .body());
        int count = 0;
        while (rows.find()) {
            count++;
        }
        return count;
    }

    private static Map<String, String> endpointForm(String path) {
        Map<String, String> fields = new HashMap<>();
        fields.put("path", path);
        fields.put("description", "");
        fields.put("input_schema", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}");
        fields.put("output_schema", "");
        fields.put("timeout_seconds", "30");
        fields.put("cache_ttl_seconds", "0");
        return fields;
    }

    private static String tenant(String prefix) {
        String slug = prefix + "-" + Long.toString(System.nanoTime(), 36);
        return engine.useCases().administration().tenants()
                .create(Operator.NO_REQUEST, new CreateTenantCommand(slug, slug, "free")).id().value();
    }

    private static IssuedApiKey issue(String tenant, Scope... scopes) {
        return engine.useCases().administration().tenants().issueApiKey(Operator.NO_REQUEST, tenant,
                new NewApiKey("console", Set.of(scopes), Optional.empty(), OptionalInt.empty()));
    }

    private static Session signIn(String key) {
        HttpResponse<String> signedIn = post(Optional.empty(), "/console/sign-in", Map.of("key", key));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return new Session(cookieOf(signedIn));
    }

    private static String cookieOf(HttpResponse<String> response) {
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** A browser's session as a plain client holds it: the cookie, sent by hand. */
    private record Session(String cookie) {

        HttpResponse<String> get(String path) {
            return ConsoleApp.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build());
        }

        /** The page's CSRF token, as its forms carry it. */
        String csrf() {
            Matcher token = CSRF.matcher(get("/console").body());
            assertThat(token.find()).isTrue();
            return token.group(1);
        }

        HttpResponse<String> post(String path, Map<String, String> fields) {
            Map<String, String> withToken = new HashMap<>(fields);
            withToken.put("_csrf", csrf());
            return postWithout(path, withToken);
        }

        HttpResponse<String> postWithout(String path, Map<String, String> fields) {
            return ConsoleApp.send(form(path, fields).header("Cookie", cookie).build());
        }
    }

    private static HttpResponse<String> post(Optional<String> cookie, String path, Map<String, String> fields) {
        HttpRequest.Builder request = form(path, fields);
        cookie.ifPresent(value -> request.header("Cookie", value));
        return ConsoleApp.send(request.build());
    }

    private static HttpRequest.Builder form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}

package io.promptengine.adapters.webhooks.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.WebhookSender.Attempt;
import io.promptengine.application.port.out.WebhookSender.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sender against real receivers on 127.0.0.1, over http and https. Every forbidden address in these tests is
 * either a loopback one, where the receiver would see a request that got through, or checked without a connection
 * (refusal, and the resolver Jetty connects through): no test sends a packet anywhere but to loopback.
 */
class JettyWebhookSenderTest {

    private static final Clock CLOCK = () -> Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] BODY = "{\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

    private static Receiver http;
    private static Receiver https;
    private static final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("gate", true);
    private final List<JettyWebhookSender> senders = new ArrayList<>();

    @BeforeAll
    static void startReceivers() throws Exception {
        http = Receiver.http();
        https = Receiver.https();
        scheduler.start();
    }

    @AfterAll
    static void stopReceivers() throws Exception {
        http.close();
        https.close();
        scheduler.stop();
    }

    @BeforeEach
    void clearReceivers() {
        http.clear();
        https.clear();
    }

    @AfterEach
    void closeSenders() {
        senders.forEach(JettyWebhookSender::close);
    }

    private JettyWebhookSender sender(JettyWebhookSender.Settings settings) {
        JettyWebhookSender sender = JettyWebhookSender.start(settings, CLOCK);
        senders.add(sender);
        return sender;
    }

    /** http allowed, the receiver's names allowed, names resolved by {@code hosts}. */
    private JettyWebhookSender allowing(FakeHosts hosts, String... allowed) {
        return sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true).withAllowHosts(Set.of(allowed))
                .withResolver(hosts));
    }

    private static URI at(Receiver receiver, String host, String path) {
        String scheme = receiver == https ? "https" : "http";
        return URI.create(scheme + "://" + host + ":" + receiver.port() + path);
    }

    private static Attempt.Answered answered(Attempt attempt) {
        assertThat(attempt).isInstanceOf(Attempt.Answered.class);
        return (Attempt.Answered) attempt;
    }

    private static Attempt.Failed failed(Attempt attempt, Reason reason) {
        assertThat(attempt).isInstanceOf(Attempt.Failed.class);
        assertThat(((Attempt.Failed) attempt).kind()).isEqualTo(reason);
        return (Attempt.Failed) attempt;
    }

    // --- what a delivery carries and what comes back

    @Test
    void givenAnAllowedReceiver_send_postsTheBodyAndHeadersAndReturnsTheAnswer() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", "msg_1");
        headers.put("webhook-timestamp", "1767225600");
        headers.put("webhook-signature", "v1,abc=");

        Attempt.Answered answer = answered(sender.send(at(http, "receiver.test", "/ok?x=1"), headers, BODY));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.body()).isEqualTo("received");
        assertThat(answer.retryAfter()).isEmpty();
        assertThat(answer.latency()).isPositive();
        Receiver.Received request = http.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/ok");
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(request.headers()).containsEntry("content-type", "application/json")
                .containsEntry("user-agent", "PromptEngine-Webhooks/0.1.0-SNAPSHOT")
                .containsEntry("host", "receiver.test:" + http.port())
                .containsEntry("webhook-id", "msg_1").containsEntry("webhook-timestamp", "1767225600")
                .containsEntry("webhook-signature", "v1,abc=")
                .doesNotContainKey("accept-encoding").doesNotContainKey("cookie");
    }

    @Test
    void givenARedirect_send_answersTheRedirectAndDoesNotFollowIt() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");

        Attempt.Answered answer = answered(sender.send(at(http, "receiver.test", "/redirect"), Map.of(), BODY));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.succeeded()).isFalse();
        assertThat(http.requests()).extracting(Receiver.Received::path).containsExactly("/redirect");
    }

    @Test
    void givenRetryAfterAndGone_send_answersThem() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");

        Attempt.Answered busy = answered(sender.send(at(http, "receiver.test", "/busy"), Map.of(), BODY));
        Attempt.Answered gone = answered(sender.send(at(http, "receiver.test", "/gone"), Map.of(), BODY));

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(gone.status()).isEqualTo(410);
    }

    @Test
    void givenABodyWithNul_send_keepsTextAStoreTakes() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");

        Attempt.Answered answer = answered(sender.send(at(http, "receiver.test", "/nul"), Map.of(), BODY));

        assertThat(answer.body()).isEqualTo("a\uFFFDb");
    }

    @Test
    void givenALongAnswer_send_keepsItsStartAndItsStatus() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");

        Attempt.Answered big = answered(sender.send(at(http, "receiver.test", "/big"), Map.of(), BODY));
        Attempt.Answered medium = answered(sender.send(at(http, "receiver.test", "/medium"), Map.of(), BODY));

        assertThat(big.status()).isEqualTo(200);
        assertThat(big.body()).hasSize(JettyWebhookSender.Settings.DEFAULT_KEPT_ANSWER_BYTES).startsWith("Bxxx");
        assertThat(medium.status()).isEqualTo(200);
        assertThat(medium.body()).hasSize(JettyWebhookSender.Settings.DEFAULT_KEPT_ANSWER_BYTES);
        // the connection cut after the long answer does not hurt the next one
        assertThat(answered(sender.send(at(http, "receiver.test", "/ok"), Map.of(), BODY)).status()).isEqualTo(200);
    }

    @Test
    void givenAnswerHeadersPastTheBound_send_failsAsTooLarge() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");

        failed(sender.send(at(http, "receiver.test", "/huge-headers"), Map.of(), BODY), Reason.ANSWER_TOO_LARGE);
    }

    // --- times

    @Test
    void givenAReceiverTooSlow_send_failsAsTimedOutAtTheAttemptTimeout() {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true)
                .withAllowHosts(Set.of("receiver.test"))
                .withResolver(new FakeHosts().answer("receiver.test", "127.0.0.1"))
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(800)));

        Attempt.Failed failure = failed(sender.send(at(http, "receiver.test", "/slow"), Map.of(), BODY),
                Reason.TIMED_OUT);

        assertThat(failure.reason()).isEqualTo("no complete answer within 800 ms");
        assertThat(failure.latency()).isBetween(Duration.ofMillis(700), Duration.ofMillis(2_500));
    }

    @Test
    void givenAHostThatNeverConnects_send_failsAsTimedOutAtTheConnectTimeout() throws Exception {
        // a listening socket whose backlog is full: the kernel drops further SYNs, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> filling = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket();
                    try {
                        socket.connect(full.getLocalSocketAddress(), 200);
                        filling.add(socket);
                    } catch (IOException e) {
                        socket.close();
                        break;
                    }
                }
                JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true)
                        .withAllowHosts(Set.of("127.0.0.1")).withTimeouts(Duration.ofMillis(300),
                                Duration.ofSeconds(5)));

                Attempt.Failed failure = failed(sender.send(URI.create("http://127.0.0.1:" + full.getLocalPort()
                        + "/"), Map.of(), BODY), Reason.TIMED_OUT);

                assertThat(failure.reason()).isEqualTo("no connection within 300 ms");
                assertThat(failure.latency()).isLessThan(Duration.ofSeconds(3));
            } finally {
                for (Socket socket : filling) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void givenNoListener_send_failsAsConnectionFailed() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        JettyWebhookSender sender = allowing(new FakeHosts(), "127.0.0.1");

        Attempt.Failed failure = failed(sender.send(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), BODY),
                Reason.CONNECTION_FAILED);

        assertThat(failure.reason()).isEqualTo("the connection was refused");
    }

    @Test
    void givenAnUnknownName_send_failsAsConnectionFailedAndRefusalSaysSo() {
        JettyWebhookSender sender = allowing(new FakeHosts());

        assertThat(failed(sender.send(URI.create("https://nowhere.test/"), Map.of(), BODY),
                Reason.CONNECTION_FAILED).reason()).isEqualTo("nowhere.test does not resolve to an address");
        assertThat(sender.refusal(URI.create("https://nowhere.test/")))
                .contains("nowhere.test does not resolve to an address");
    }

    // --- TLS

    @Test
    void givenAnHttpsReceiverItTrusts_send_verifiesTheNameAndDelivers() throws Exception {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults()
                .withAllowHosts(Set.of("localhost")).withTrustStore(Receiver.trustStore()));

        Attempt.Answered answer = answered(sender.send(at(https, "localhost", "/ok"), Map.of(), BODY));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(https.requests()).hasSize(1);
    }

    @Test
    void givenACertificateForAnotherName_send_failsTheHandshake() throws Exception {
        // the name resolves to the receiver's own address, but its certificate names localhost only
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults()
                .withAllowHosts(Set.of("receiver.test")).withTrustStore(Receiver.trustStore())
                .withResolver(new FakeHosts().answer("receiver.test", "127.0.0.1")));

        Attempt.Failed failure = failed(sender.send(at(https, "receiver.test", "/ok"), Map.of(), BODY),
                Reason.TLS_FAILED);

        assertThat(failure.reason()).contains("does not name receiver.test");
        assertThat(https.requests()).isEmpty();
    }

    @Test
    void givenASelfSignedCertificate_send_failsTheHandshakeWithTheJvmsTrust() {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults().withAllowHosts(Set.of("localhost")));

        failed(sender.send(at(https, "localhost", "/ok"), Map.of(), BODY), Reason.TLS_FAILED);
        assertThat(https.requests()).isEmpty();
    }

    // --- the outbound rules

    @Test
    void givenHttpWithoutTheFlag_refusalAndSend_refuseIt() {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults()
                .withAllowHosts(Set.of("receiver.test"))
                .withResolver(new FakeHosts().answer("receiver.test", "127.0.0.1")));
        URI url = at(http, "receiver.test", "/ok");

        assertThat(sender.refusal(url)).contains("webhook URLs must use https");
        assertThat(sender.send(url, Map.of(), BODY)).isInstanceOf(Attempt.Refused.class);
        assertThat(http.requests()).isEmpty();
        assertThat(allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test").refusal(url))
                .isEmpty();
    }

    @Test
    void givenLocalhost_send_isRefusedWithoutTheAllowListAndDeliveredWithIt() {
        JettyWebhookSender guarded = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true));
        URI url = at(http, "localhost", "/ok");

        assertThat(guarded.refusal(url)).contains("localhost resolves to a loopback address");
        Attempt refused = guarded.send(url, Map.of(), BODY);
        assertThat(refused).isEqualTo(new Attempt.Refused("localhost resolves to a loopback address",
                refused.latency()));
        assertThat(http.requests()).isEmpty();

        JettyWebhookSender allowed = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true)
                .withAllowHosts(Set.of("LocalHost")));
        assertThat(allowed.refusal(url)).isEmpty();
        assertThat(answered(allowed.send(url, Map.of(), BODY)).status()).isEqualTo(200);
        assertThat(http.requests()).hasSize(1);
    }

    /** Public when the URL is saved, 127.0.0.1 when the delivery connects: refused, and nothing reaches 127.0.0.1. */
    @Test
    void givenANameThatRebindsToLoopback_send_isRefusedAndNothingConnects() {
        FakeHosts hosts = new FakeHosts().answer("rebind.test", "93.184.215.14").answer("rebind.test", "127.0.0.1");
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true)
                .withResolver(hosts));
        URI url = at(http, "rebind.test", "/ok");

        assertThat(sender.refusal(url)).isEmpty();
        Attempt attempt = sender.send(url, Map.of(), BODY);

        assertThat(attempt).isInstanceOf(Attempt.Refused.class);
        assertThat(((Attempt.Refused) attempt).reason()).isEqualTo("rebind.test resolves to a loopback address");
        assertThat(http.requests()).isEmpty();
    }

    @Test
    void givenANameWithAPublicAndAPrivateAddress_refusal_refusesIt() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("mixed.test", "93.184.215.14", "10.0.0.7"));

        assertThat(sender.refusal(URI.create("https://mixed.test/hook")))
                .contains("mixed.test resolves to a private address");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://127.0.0.1/                  | 127.0.0.1 is a loopback address",
        "https://127.8.9.10:8443/x           | 127.8.9.10 is a loopback address",
        "https://[::1]/                      | ::1 is a loopback address",
        "https://[::ffff:127.0.0.1]/         | ::ffff:127.0.0.1 is a loopback address",
        "https://[::ffff:7f00:1]/            | ::ffff:7f00:1 is a loopback address",
        "https://[64:ff9b::7f00:1]/          | 64:ff9b::7f00:1 is a loopback address",
        "https://0.0.0.0/                    | 0.0.0.0 is an unspecified (this network) address",
        "https://[::]/                       | :: is an unspecified address",
        "https://10.1.2.3/                   | 10.1.2.3 is a private address",
        "https://172.16.0.1/                 | 172.16.0.1 is a private address",
        "https://172.31.255.254/             | 172.31.255.254 is a private address",
        "https://192.168.1.1/                | 192.168.1.1 is a private address",
        "https://169.254.169.254/latest/meta-data/ | 169.254.169.254 is a link-local address",
        "https://[::ffff:169.254.169.254]/   | ::ffff:169.254.169.254 is a link-local address",
        "https://[fe80::1]/                  | fe80::1 is a link-local address",
        "https://[fd00:ec2::254]/            | fd00:ec2::254 is a unique-local address",
        "https://[fc00::1]/                  | fc00::1 is a unique-local address",
        "https://224.0.0.251/                | 224.0.0.251 is a multicast address",
        "https://[ff02::1]/                  | ff02::1 is a multicast address",
        "https://100.64.0.1/                 | 100.64.0.1 is a shared (carrier-grade NAT) address",
        "https://255.255.255.255/            | 255.255.255.255 is the broadcast address",
        "https://240.0.0.1/                  | 240.0.0.1 is a reserved address",
        "https://192.0.0.192/                | 192.0.0.192 is an IETF protocol address"
    })
    void givenAForbiddenAddressLiteral_refusal_namesItsRange(String url, String reason) {
        JettyWebhookSender sender = allowing(new FakeHosts());

        assertThat(sender.refusal(URI.create(url))).contains(reason);
    }

    /**
     * The gate Jetty connects through, for the same literals as above: each fails before a socket is opened, so
     * {@code send} cannot reach any of them; a public literal passes as exactly that address.
     */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]", "0.0.0.0", "[::]",
        "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "[::ffff:169.254.169.254]", "[fe80::1]",
        "[fd00:ec2::254]", "224.0.0.251", "[ff02::1]", "100.64.0.1", "255.255.255.255", "240.0.0.1"})
    void givenAForbiddenAddressLiteral_theConnectionGate_failsBeforeConnecting(String host) throws Exception {
        Gate gate = new Gate(new OutboundRules(true, Set.of(), new FakeHosts()));

        assertThat(gate.resolve(host)).isInstanceOf(CheckingSocketAddressResolver.RefusedAddressException.class);
    }

    @Test
    void givenAPublicLiteralOrAnAllowedName_theConnectionGate_handsOverExactlyTheCheckedAddresses() throws Exception {
        FakeHosts hosts = new FakeHosts().answer("receiver.test", "127.0.0.1", "::1");
        Gate gate = new Gate(new OutboundRules(true, Set.of("receiver.test"), hosts));

        assertThat(gate.resolve("93.184.215.14")).isEqualTo(List.of("93.184.215.14:443"));
        assertThat(gate.resolve("receiver.test")).isEqualTo(List.of("receiver.test/127.0.0.1:443",
                "receiver.test/[0:0:0:0:0:0:0:1]:443"));
    }

    @Test
    void givenLoopbackLiterals_send_refusesThemAndTheReceiverSeesNothing() {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults().withAllowHttp(true));

        for (String host : List.of("127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "127.0.0.2")) {
            assertThat(sender.send(at(http, host, "/ok"), Map.of(), BODY)).as(host)
                    .isInstanceOf(Attempt.Refused.class);
        }
        assertThat(http.requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://2130706433/             | 2130706433 is not a plain IPv4 address",
        "http://0x7f000001/             | 0x7f000001 is not a plain IPv4 address",
        "http://0x7f.0.0.1/             | webhook URLs must name a host",
        "http://0x7f.1/                 | webhook URLs must name a host",
        "http://0177.0.0.1/             | 0177.0.0.1 is not a plain IPv4 address",
        "http://017700000001/           | 017700000001 is not a plain IPv4 address",
        "http://127.0.0.1./             | webhook URLs must name a host",
        "http://1.2.3.04/               | 1.2.3.04 is not a plain IPv4 address",
        "http://1.2.3.256/              | webhook URLs must name a host",
        "http://10.1/                   | webhook URLs must name a host",
        "http://127.1/                  | webhook URLs must name a host",
        "http://ex_ample.com/           | webhook URLs must name a host",
        "http://[fe80::1%25eth0]/       | webhook URLs must not name an IPv6 zone",
        "http://user:secret@example.com/ | webhook URLs must not contain a user name or password",
        "http://user@example.com/       | webhook URLs must not contain a user name or password",
        "ftp://example.com/             | webhook URLs must use https or http",
        "mailto:ops@example.com         | webhook URLs must use https or http",
        "/relative/path                 | webhook URLs must use https or http"
    })
    void givenAUrlOfAForbiddenForm_refusal_saysWhy(String url, String reason) {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("example.com", "93.184.215.14"), "127.0.0.1");

        assertThat(sender.refusal(URI.create(url))).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith(reason));
        assertThat(sender.send(URI.create(url), Map.of(), BODY)).isInstanceOf(Attempt.Refused.class);
    }

    @Test
    void givenAPublicNameOrLiteral_refusal_isEmpty() {
        JettyWebhookSender sender = sender(JettyWebhookSender.Settings.defaults()
                .withResolver(new FakeHosts().answer("hooks.example.com", "93.184.215.14", "2606:2800:21f:cb07::1")));

        assertThat(sender.refusal(URI.create("https://hooks.example.com/in"))).isEmpty();
        assertThat(sender.refusal(URI.create("HTTPS://Hooks.Example.COM:8443/in?x=1"))).isEmpty();
        assertThat(sender.refusal(URI.create("https://93.184.215.14/in"))).isEmpty();
        assertThat(sender.refusal(URI.create("https://[2606:2800:21f:cb07::1]/in"))).isEmpty();
        assertThat(sender.refusal(URI.create("https://hooks.example.com/" + "x".repeat(2_100))))
                .contains("webhook URLs must be at most 2048 characters long");
    }

    // --- the caller's mistakes

    @Test
    void givenHeadersOrABodyOutsideTheRules_send_refusesThemAndSendsNothing() {
        JettyWebhookSender sender = allowing(new FakeHosts().answer("receiver.test", "127.0.0.1"), "receiver.test");
        URI url = at(http, "receiver.test", "/ok");
        int max = JettyWebhookSender.Settings.DEFAULT_MAX_REQUEST_BYTES;

        assertThat(refusal(sender.send(url, Map.of("x-evil", "a\r\nHost: other"), BODY)))
                .isEqualTo("the value of header x-evil holds a control character (CR, LF, NUL or another)");
        assertThat(refusal(sender.send(url, Map.of("x-evil\n", "a"), BODY)))
                .isEqualTo("'x-evil?' is not a valid HTTP header name");
        assertThat(refusal(sender.send(url, Map.of("Content-Type", "text/plain"), BODY)))
                .isEqualTo("header Content-Type is the sender's to write");
        assertThat(refusal(sender.send(url, Map.of("x-long", "v".repeat(9_000)), BODY)))
                .startsWith("the headers take 9010 bytes");
        assertThat(refusal(sender.send(url, Map.of(), new byte[max + 1])))
                .isEqualTo("the event is 1048577 bytes, more than the 1048576 a webhook request may carry");
        assertThat(http.requests()).isEmpty();

        assertThat(answered(sender.send(url, Map.of(), new byte[max])).status()).isEqualTo(200);
        assertThat(http.requests().get(0).body()).hasSize(max);
    }

    private static String refusal(Attempt attempt) {
        assertThat(attempt).isInstanceOf(Attempt.Refused.class);
        return ((Attempt.Refused) attempt).reason();
    }

    @Test
    void givenSettingsOutOfRange_settings_refuseThem() {
        JettyWebhookSender.Settings defaults = JettyWebhookSender.Settings.defaults();

        assertThat(defaults.userAgent()).isEqualTo("PromptEngine-Webhooks/0.1.0-SNAPSHOT");
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.withAllowHosts(Set.of(" Hooks.Example.COM ", "[::1]")).allowHosts())
                .containsExactlyInAnyOrder("hooks.example.com", "::1");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ofSeconds(11), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withAllowHosts(Set.of(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs {@link CheckingSocketAddressResolver} as Jetty does, on port 443, and waits for its promise. */
    private static final class Gate {

        private final CheckingSocketAddressResolver resolver;

        Gate(OutboundRules rules) {
            resolver = new CheckingSocketAddressResolver(rules, Runnable::run, scheduler, Duration.ofSeconds(2));
        }

        /** The addresses handed over as {@code name/address:port}, or the failure. */
        Object resolve(String host) throws Exception {
            CompletableFuture<Object> result = new CompletableFuture<>();
            resolver.resolve(host, 443, Map.of(), new Promise<>() {
                @Override
                public void succeeded(List<InetSocketAddress> addresses) {
                    result.complete(addresses.stream().map(address -> address.toString()
                            .replaceFirst("^/", "")).toList());
                }

                @Override
                public void failed(Throwable failure) {
                    result.complete(failure);
                }
            });
            return result.get(5, TimeUnit.SECONDS);
        }
    }

}

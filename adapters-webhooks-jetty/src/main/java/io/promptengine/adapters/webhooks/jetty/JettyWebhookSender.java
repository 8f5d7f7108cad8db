package io.promptengine.adapters.webhooks.jetty;

import io.promptengine.adapters.webhooks.jetty.AnswerListener.AnswerTooLongException;
import io.promptengine.adapters.webhooks.jetty.CheckingSocketAddressResolver.RefusedAddressException;
import io.promptengine.adapters.webhooks.jetty.CheckingSocketAddressResolver.ResolutionTimeoutException;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.WebhookSender;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Webhook requests sent with Jetty's {@link HttpClient}, within the outbound safety rules (README, "Outbound
 * safety"). One shared client, started by {@link #start} and stopped by {@link #close}, pools connections per
 * receiver.
 *
 * <p>Why Jetty: the check of a webhook's address has to be made on the address the connection actually goes to,
 * or a host name that resolves to a public address when checked and to 127.0.0.1 a moment later (DNS rebinding)
 * gets through. The JDK's {@code java.net.http.HttpClient} resolves names itself and offers no hook into that or
 * into the socket. Jetty's client asks a {@link org.eclipse.jetty.util.SocketAddressResolver} for the addresses of
 * every new connection and connects only to what it is handed ({@code HttpClient.newConnection}); here that is
 * {@link CheckingSocketAddressResolver}, which resolves once, checks, and hands over the checked addresses. TLS still
 * sends the URL's host name (SNI) and verifies the certificate against it: the addresses handed over carry that
 * name, which Jetty's {@code SslClientConnectionFactory} gives the {@code SSLEngine}, with endpoint identification
 * {@code HTTPS}. Jetty 12 is on the class path already, under Javalin. (Apache HttpClient 5's {@code DnsResolver}
 * would do as well, at the price of a library of its own.)
 *
 * <p>Redirects are not followed, nor authentication challenges; cookies are not kept; answers are not decompressed.
 * Every call of {@link #send} is bounded: the request body by {@link Settings#maxRequestBytes}, the connection by
 * {@link Settings#connectTimeout}, the whole attempt by {@link Settings#attemptTimeout}, the answer read by
 * {@link Settings#maxAnswerBytes}.
 */
public final class JettyWebhookSender implements WebhookSender, AutoCloseable {

    /** Headers the sender writes itself, or that would change the framing of the request: not the caller's. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "user-agent",
            "proxy-authorization", "proxy-connection");
    private static final int MAX_HEADERS_BYTES = 8_192;
    private static final int MAX_ANSWER_HEADERS_BYTES = 16_384;
    private static final Duration DESTINATION_IDLE = Duration.ofMinutes(2);

    private final Settings settings;
    private final Clock clock;
    private final OutboundRules rules;
    private final QueuedThreadPool threads;
    private final HttpClient client;

    private JettyWebhookSender(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.rules = new OutboundRules(settings.allowHttp(), settings.allowHosts(), settings.resolver());
        this.threads = new QueuedThreadPool(settings.maxThreads(), 2, 60_000);
        threads.setName("pe-webhooks");
        threads.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("pe-webhooks-scheduler", true);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        // the default, said out loud: the certificate must name the URL's host
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        settings.trustStore().ifPresent(tls::setTrustStore);
        this.client = new HttpClient();
        client.setSslContextFactory(tls);
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setSocketAddressResolver(new CheckingSocketAddressResolver(rules, threads, scheduler,
                settings.connectTimeout()));
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(settings.attemptTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(settings.maxConnectionsPerHost());
        client.setMaxRequestsQueuedPerDestination(settings.maxConnectionsPerHost() * 8);
        client.setDestinationIdleTimeout(DESTINATION_IDLE.toMillis());
        client.setMaxRequestHeadersSize(MAX_HEADERS_BYTES * 2);
        client.setMaxResponseHeadersSize(MAX_ANSWER_HEADERS_BYTES);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
    }

    /** A sender with its client started; {@link #close} stops it. */
    public static JettyWebhookSender start(Settings settings, Clock clock) {
        JettyWebhookSender sender = new JettyWebhookSender(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"));
        try {
            sender.client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The webhook client did not start", e);
        }
        // put in place by start: a 3xx is an answer, a 401 too, and an answer is read as it came
        sender.client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
        sender.client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        sender.client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        sender.client.getContentDecoderFactories().clear();
        return sender;
    }

    /**
     * The rules on the URL's form, then on the addresses its host resolves to now (unless the host is allowed);
     * the lookup is given up after {@link Settings#connectTimeout}.
     */
    @Override
    public Optional<String> refusal(URI url) {
        Optional<String> form = rules.urlRefusal(Objects.requireNonNull(url, "url"));
        if (form.isPresent()) {
            return form;
        }
        String host = OutboundRules.host(url);
        if (rules.allowed(host)) {
            return Optional.empty();
        }
        CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return rules.resolve(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, threads);
        try {
            return rules.addressRefusal(host, lookup.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return Optional.of(host + " does not resolve to an address");
        } catch (TimeoutException e) {
            lookup.cancel(false);
            return Optional.of(host + " could not be resolved in time; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(host + " could not be resolved in time; try again");
        }
    }

    /**
     * One POST; the rules on the URL's form are checked again (the configuration may have changed since it was
     * saved), the addresses on every new connection. Refused, with nothing sent, too: a body larger than
     * {@link Settings#maxRequestBytes}, and a header that is not a valid HTTP header (a CR or LF in it, say) or is
     * one the sender writes itself.
     */
    @Override
    public Attempt send(URI url, Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        long start = System.nanoTime();
        Optional<String> refusal = rules.urlRefusal(url).or(() -> headerRefusal(headers)).or(() -> bodyRefusal(body));
        if (refusal.isPresent()) {
            return new Attempt.Refused(refusal.get(), since(start));
        }
        Request request;
        try {
            request = client.newRequest(lowerCaseScheme(url));
        } catch (IllegalArgumentException e) {
            return new Attempt.Refused("webhook URLs must be absolute http(s) URLs", since(start));
        }
        request.method(HttpMethod.POST)
                .followRedirects(false)
                .timeout(settings.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(fields::put))
                .body(new BytesRequestContent("application/json", body));
        AnswerListener answer = new AnswerListener(settings.keptAnswerBytes(), settings.maxAnswerBytes());
        request.send(answer);
        AnswerListener.Outcome outcome;
        try {
            // the request's own timeout ends it first; this bounds the wait should that ever not happen
            outcome = answer.outcome().get(settings.attemptTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            return new Attempt.Failed(Reason.TIMED_OUT, noAnswerWithin(), since(start));
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "the attempt was interrupted (the instance is "
                    + "stopping); it is tried again", since(start));
        } catch (ExecutionException e) {
            // the listener completes its future normally only
            throw new IllegalStateException(e);
        }
        return attempt(outcome, url, since(start));
    }

    private Attempt attempt(AnswerListener.Outcome outcome, URI url, Duration latency) {
        Result result = outcome.result();
        Response response = result.getResponse();
        Throwable failure = result.getResponseFailure();
        boolean answered = response != null && response.getStatus() >= 100 && response.getStatus() <= 999
                && (failure == null || cause(failure, AnswerTooLongException.class).isPresent());
        if (answered) {
            Optional<Duration> retryAfter = Optional.ofNullable(response.getHeaders().get(HttpHeader.RETRY_AFTER))
                    .flatMap(value -> RetryAfter.parse(value, clock.now(), settings.maxRetryAfter()));
            return new Attempt.Answered(response.getStatus(), retryAfter, outcome.body(), latency);
        }
        return failed(result.getFailure(), OutboundRules.host(url), latency);
    }

    /** A failure in words for the webhook's owner, never the exception's own message (it may name addresses). */
    private Attempt failed(Throwable failure, String host, Duration latency) {
        Optional<RefusedAddressException> refused = cause(failure, RefusedAddressException.class);
        if (refused.isPresent()) {
            return new Attempt.Refused(refused.get().getMessage(), latency);
        }
        if (cause(failure, ResolutionTimeoutException.class).isPresent()) {
            return new Attempt.Failed(Reason.TIMED_OUT, host + " was not resolved within "
                    + seconds(settings.connectTimeout()), latency);
        }
        if (cause(failure, SocketTimeoutException.class).isPresent()) {
            return new Attempt.Failed(Reason.TIMED_OUT, "no connection within " + seconds(settings.connectTimeout()),
                    latency);
        }
        if (cause(failure, TimeoutException.class).isPresent()) {
            return new Attempt.Failed(Reason.TIMED_OUT, noAnswerWithin(), latency);
        }
        if (cause(failure, UnknownHostException.class).isPresent()) {
            return new Attempt.Failed(Reason.CONNECTION_FAILED, host + " does not resolve to an address", latency);
        }
        if (cause(failure, SSLException.class).isPresent()) {
            return new Attempt.Failed(Reason.TLS_FAILED, "the TLS handshake failed: the receiver's certificate is "
                    + "not trusted, has expired or does not name " + host, latency);
        }
        if (cause(failure, HttpResponseException.class).isPresent()) {
            boolean tooLarge = cause(failure, HttpException.class).map(e -> ((Throwable) e).getMessage())
                    .filter(message -> message != null && message.contains("Too Large")).isPresent();
            return tooLarge
                    ? new Attempt.Failed(Reason.ANSWER_TOO_LARGE, "the answer's headers are larger than "
                            + MAX_ANSWER_HEADERS_BYTES / 1_024 + " KiB", latency)
                    : new Attempt.Failed(Reason.CONNECTION_FAILED, "the answer was not valid HTTP/1.1", latency);
        }
        if (cause(failure, ConnectException.class).isPresent()) {
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "the connection was refused", latency);
        }
        if (cause(failure, RejectedExecutionException.class).isPresent()) {
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "too many requests to " + host + " are waiting",
                    latency);
        }
        if (cause(failure, IOException.class).isPresent()) {
            return new Attempt.Failed(Reason.CONNECTION_FAILED, "the connection was closed before the answer was "
                    + "complete", latency);
        }
        return new Attempt.Failed(Reason.CONNECTION_FAILED, "the request failed", latency);
    }

    private String noAnswerWithin() {
        return "no complete answer within " + seconds(settings.attemptTimeout());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1_000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The first of {@code failure}'s causes (itself included) that is a {@code type}. */
    private static <T> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable at = failure; at != null; at = at.getCause() == at ? null : at.getCause()) {
            if (type.isInstance(at)) {
                return Optional.of(type.cast(at));
            }
        }
        return Optional.empty();
    }

    /** Jetty knows the default ports of {@code http} and {@code https} only in lower case. */
    private static URI lowerCaseScheme(URI url) {
        String scheme = url.getScheme();
        return URI.create(scheme.toLowerCase(Locale.ROOT) + url.toString().substring(scheme.length()));
    }

    private Optional<String> bodyRefusal(byte[] body) {
        return body.length > settings.maxRequestBytes()
                ? Optional.of("the event is " + body.length + " bytes, more than the " + settings.maxRequestBytes()
                        + " a webhook request may carry")
                : Optional.empty();
    }

    /**
     * Names must be HTTP tokens and values visible characters, spaces and tabs only (no CR, LF or NUL, which would
     * let a value start a header or a request of its own), and the sender's own headers are not the caller's.
     */
    private static Optional<String> headerRefusal(Map<String, String> headers) {
        int size = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = Objects.requireNonNull(header.getKey(), "header name");
            String value = Objects.requireNonNull(header.getValue(), "header value");
            if (name.isEmpty() || !name.chars().allMatch(JettyWebhookSender::tokenChar)) {
                return Optional.of("'" + name.replaceAll("[^\\x21-\\x7e]", "?")
                        + "' is not a valid HTTP header name");
            }
            if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f)) {
                return Optional.of("the value of header " + name + " holds a control character (CR, LF, NUL or "
                        + "another)");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return Optional.of("header " + name + " is the sender's to write");
            }
            size += name.length() + value.length() + 4;
        }
        return size > MAX_HEADERS_BYTES
                ? Optional.of("the headers take " + size + " bytes, more than the " + MAX_HEADERS_BYTES + " allowed")
                : Optional.empty();
    }

    private static boolean tokenChar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Stops the client: open connections are closed, and an attempt still running fails. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The webhook client did not stop cleanly", e);
        }
    }

    /**
     * How the sender behaves. {@link #defaults()} are those of production: https only, no host allowed past the
     * address rules, 5 s to connect, 10 s an attempt, 1 MiB a request, the first 4 KiB of an answer kept and at
     * most 64 KiB of it read, a {@code Retry-After} of at most 24 h, 8 connections per receiver.
     *
     * @param allowHttp whether {@code http} URLs may be used too ({@code PE_WEBHOOK_ALLOW_HTTP})
     * @param allowHosts hosts that may resolve to any address, loopback and private ones included, matched exactly
     *        and in any case ({@code PE_WEBHOOK_ALLOW_HOSTS}); IPv6 literals without brackets
     * @param connectTimeout how long resolving a host and opening a connection may take, each
     * @param attemptTimeout how long a whole attempt may take, from the first lookup to the end of the answer
     * @param maxRequestBytes the largest body {@link #send} sends; a larger one is refused
     * @param keptAnswerBytes how much of an answer's body is kept for the delivery log
     * @param maxAnswerBytes how much of an answer's body is read at most: past it the connection is closed and the
     *        answer's status stands
     * @param maxRetryAfter the longest wait a {@code Retry-After} is believed for; a longer one is cut to it
     * @param maxConnectionsPerHost connections open at once to one receiver (scheme, host and port); requests past
     *        them wait, up to 8 times as many, for the attempt's time
     * @param maxThreads the client's threads (its selector, name lookups and answers; the caller's thread waits)
     * @param userAgent the {@code User-Agent} of every request
     * @param trustStore the certificates trusted for {@code https}, in place of the JVM's: for tests with a
     *        receiver of their own; production leaves it empty
     * @param resolver how host names are resolved: the system's; tests replace it
     */
    public record Settings(boolean allowHttp, Set<String> allowHosts, Duration connectTimeout,
            Duration attemptTimeout, int maxRequestBytes, int keptAnswerBytes, int maxAnswerBytes,
            Duration maxRetryAfter, int maxConnectionsPerHost, int maxThreads, String userAgent,
            Optional<KeyStore> trustStore, HostResolver resolver) {

        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_REQUEST_BYTES = 1_024 * 1_024;
        public static final int DEFAULT_KEPT_ANSWER_BYTES = 4 * 1_024;
        public static final int DEFAULT_MAX_ANSWER_BYTES = 64 * 1_024;
        public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(24);

        public Settings {
            allowHosts = Objects.requireNonNull(allowHosts, "allowHosts").stream().map(host -> OutboundRules.bare(host.strip()))
                    .collect(Collectors.toUnmodifiableSet());
            if (allowHosts.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("an allowed host must not be empty");
            }
            positive(connectTimeout, "connectTimeout");
            positive(attemptTimeout, "attemptTimeout");
            if (connectTimeout.compareTo(attemptTimeout) > 0) {
                throw new IllegalArgumentException("connectTimeout must not be longer than attemptTimeout");
            }
            if (maxRequestBytes < 1 || keptAnswerBytes < 0 || maxAnswerBytes < keptAnswerBytes) {
                throw new IllegalArgumentException("maxRequestBytes must be positive, and keptAnswerBytes from 0 "
                        + "to maxAnswerBytes");
            }
            positive(maxRetryAfter, "maxRetryAfter");
            if (maxConnectionsPerHost < 1 || maxThreads < 4) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be positive, maxThreads at least 4");
            }
            if (userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("userAgent must be printable ASCII");
            }
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(resolver, "resolver");
        }

        /** The production settings; see the record's description. */
        public static Settings defaults() {
            return new Settings(false, Set.of(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT,
                    DEFAULT_MAX_REQUEST_BYTES, DEFAULT_KEPT_ANSWER_BYTES, DEFAULT_MAX_ANSWER_BYTES,
                    DEFAULT_MAX_RETRY_AFTER, 8, 32, "PromptEngine-Webhooks/" + version(), Optional.empty(),
                    HostResolver.system());
        }

        public Settings withAllowHttp(boolean allow) {
            return new Settings(allow, allowHosts, connectTimeout, attemptTimeout, maxRequestBytes,
                    keptAnswerBytes, maxAnswerBytes, maxRetryAfter, maxConnectionsPerHost, maxThreads, userAgent,
                    trustStore, resolver);
        }

        public Settings withAllowHosts(Set<String> hosts) {
            return new Settings(allowHttp, hosts, connectTimeout, attemptTimeout, maxRequestBytes, keptAnswerBytes,
                    maxAnswerBytes, maxRetryAfter, maxConnectionsPerHost, maxThreads, userAgent, trustStore,
                    resolver);
        }

        public Settings withTimeouts(Duration connect, Duration attempt) {
            return new Settings(allowHttp, allowHosts, connect, attempt, maxRequestBytes, keptAnswerBytes,
                    maxAnswerBytes, maxRetryAfter, maxConnectionsPerHost, maxThreads, userAgent, trustStore,
                    resolver);
        }

        /** For tests: trust the certificates of {@code store} (a receiver's self-signed one) and no others. */
        public Settings withTrustStore(KeyStore store) {
            return new Settings(allowHttp, allowHosts, connectTimeout, attemptTimeout, maxRequestBytes,
                    keptAnswerBytes, maxAnswerBytes, maxRetryAfter, maxConnectionsPerHost, maxThreads, userAgent,
                    Optional.of(store), resolver);
        }

        /** For tests: resolve host names with {@code hosts}. */
        public Settings withResolver(HostResolver hosts) {
            return new Settings(allowHttp, allowHosts, connectTimeout, attemptTimeout, maxRequestBytes,
                    keptAnswerBytes, maxAnswerBytes, maxRetryAfter, maxConnectionsPerHost, maxThreads, userAgent,
                    trustStore, hosts);
        }

        private static void positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }

        /** This build's version, which the resource of the same name was filtered with. */
        private static String version() {
            Properties properties = new Properties();
            try (InputStream in = JettyWebhookSender.class.getResourceAsStream("webhook-sender.properties")) {
                if (in == null) {
                    throw new IllegalStateException("webhook-sender.properties is missing from the class path");
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("version");
        }
    }
}

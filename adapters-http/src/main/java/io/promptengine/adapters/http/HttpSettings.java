package io.promptengine.adapters.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server listens and what it accepts.
 *
 * @param host the address to bind: {@code 0.0.0.0} for every interface, {@code 127.0.0.1} for loopback only
 * @param port the port to bind; {@code 0} picks a free one ({@link HttpApi#start()} returns it)
 * @param maxBodyBytes request bodies above this size are refused with 413, whether or not they declare a length
 * @param virtualThreads run requests on virtual threads when the JDK has them (21+); ignored on 17
 * @param stopTimeout how long {@link HttpApi#stop()} lets in-flight requests finish before closing connections
 * @param baseDomain the domain tenant subdomains live under ({@code api.example.com}): a request to
 *     {@code acme.api.example.com} is for tenant {@code acme}; empty when tenants have no subdomains
 * @param connections how long clients may take to send a request, and how many connections may be open
 */
public record HttpSettings(String host, int port, long maxBodyBytes, boolean virtualThreads, Duration stopTimeout,
        Optional<String> baseDomain, ConnectionLimits connections) {

    /** Settings with no base domain for tenant subdomains and the default connection limits. */
    public HttpSettings(String host, int port, long maxBodyBytes, boolean virtualThreads, Duration stopTimeout) {
        this(host, port, maxBodyBytes, virtualThreads, stopTimeout, Optional.empty(), ConnectionLimits.defaults());
    }

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 7070;
    public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Bodies are read into memory, so the limit must stay well inside an array. */
    public static final long MAX_BODY_BYTES_CEILING = 1L << 30;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(connections, "connections");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_CEILING) {
            throw new IllegalArgumentException(
                    "maxBodyBytes must be between 1 and " + MAX_BODY_BYTES_CEILING + ": " + maxBodyBytes);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must not be negative");
        }
        baseDomain = Objects.requireNonNull(baseDomain, "baseDomain").map(HttpSettings::normalizedDomain);
    }

    /** {@code Api.Example.com.} and {@code .api.example.com} are {@code api.example.com}, as hosts compare. */
    private static String normalizedDomain(String domain) {
        String normalized = domain.strip().toLowerCase(Locale.ROOT);
        normalized = normalized.startsWith(".") ? normalized.substring(1) : normalized;
        normalized = normalized.endsWith(".") ? normalized.substring(0, normalized.length() - 1) : normalized;
        if (normalized.isEmpty() || normalized.contains("..") || normalized.contains("/") || normalized.contains(":")) {
            throw new IllegalArgumentException("baseDomain must be a domain name such as api.example.com: " + domain);
        }
        return normalized;
    }

    /**
     * Every interface on port 7070, 1 MiB bodies, virtual threads where available, 10 s to drain on stop, the
     * {@linkplain ConnectionLimits#defaults() default connection limits}.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, true, DEFAULT_STOP_TIMEOUT);
    }

    public HttpSettings withHost(String newHost) {
        return new HttpSettings(newHost, port, maxBodyBytes, virtualThreads, stopTimeout, baseDomain, connections);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, maxBodyBytes, virtualThreads, stopTimeout, baseDomain, connections);
    }

    public HttpSettings withMaxBodyBytes(long newMaxBodyBytes) {
        return new HttpSettings(host, port, newMaxBodyBytes, virtualThreads, stopTimeout, baseDomain, connections);
    }

    public HttpSettings withVirtualThreads(boolean newVirtualThreads) {
        return new HttpSettings(host, port, maxBodyBytes, newVirtualThreads, stopTimeout, baseDomain, connections);
    }

    public HttpSettings withStopTimeout(Duration newStopTimeout) {
        return new HttpSettings(host, port, maxBodyBytes, virtualThreads, newStopTimeout, baseDomain, connections);
    }

    public HttpSettings withBaseDomain(Optional<String> newBaseDomain) {
        return new HttpSettings(host, port, maxBodyBytes, virtualThreads, stopTimeout, newBaseDomain, connections);
    }

    public HttpSettings withConnections(ConnectionLimits newConnections) {
        return new HttpSettings(host, port, maxBodyBytes, virtualThreads, stopTimeout, baseDomain, newConnections);
    }
}

package io.promptengine.adapters.webhooks.jetty;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs and addresses a webhook may reach (README, "Outbound safety"): the scheme, the form of the host, and
 * the addresses it resolves to, unless the host is on the operator's allow list. Every refusal is worded for the
 * webhook's owner, and names no address the host resolved to: what an internal name resolves to is the
 * operator's, not the tenant's, to know.
 */
final class OutboundRules {

    static final int MAX_URL_LENGTH = 2_048;
    private static final int MAX_HOST_LENGTH = 253;
    /** The last label of a host that a URL parser would read as (part of) an IPv4 address: digits, or 0x and hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final boolean allowHttp;
    private final Set<String> allowHosts;
    private final HostResolver resolver;

    OutboundRules(boolean allowHttp, Set<String> allowHosts, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.allowHosts = Set.copyOf(allowHosts);
        this.resolver = resolver;
    }

    /** Why {@code url} may not be used whatever its host resolves to; empty when its form is fine. */
    Optional<String> urlRefusal(URI url) {
        if (url.toString().length() > MAX_URL_LENGTH) {
            return Optional.of("webhook URLs must be at most " + MAX_URL_LENGTH + " characters long");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || allowHttp && scheme.equals("http")) || url.isOpaque()) {
            return Optional.of(allowHttp ? "webhook URLs must use https or http" : "webhook URLs must use https");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("webhook URLs must not contain a user name or password");
        }
        if (url.getHost() == null) {
            return Optional.of("webhook URLs must name a host (as ASCII: an internationalised name in its xn-- form)");
        }
        String host = host(url);
        if (host.length() > MAX_HOST_LENGTH) {
            return Optional.of("webhook URLs must name a host of at most " + MAX_HOST_LENGTH + " characters");
        }
        if (host.indexOf('%') >= 0) {
            return Optional.of("webhook URLs must not name an IPv6 zone");
        }
        return ipv4Form(host);
    }

    /**
     * A host whose last label is numeric is an IPv4 address to a URL parser, and {@code 2130706433},
     * {@code 0x7f.1} or {@code 0177.0.0.1} mean 127.0.0.1 to some and other addresses or nothing to others: only
     * the plain dotted-decimal form is accepted, so that the address checked is the one every reader sees.
     */
    private static Optional<String> ipv4Form(String host) {
        if (host.indexOf(':') >= 0) {
            return Optional.empty();
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1 ? labels[labels.length - 2]
                : labels[labels.length - 1];
        if (NUMERIC_LABEL.matcher(last).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            return Optional.of(host + " is not a plain IPv4 address: write it as four decimal numbers, such as "
                    + "192.0.2.10");
        }
        return Optional.empty();
    }

    /** Whether the operator lets {@code host} resolve anywhere ({@code PE_WEBHOOK_ALLOW_HOSTS}). */
    boolean allowed(String host) {
        return allowHosts.contains(host);
    }

    /**
     * Why {@code host}, resolved to {@code addresses}, may not be reached; empty when every address is public or
     * the host is allowed. One forbidden address refuses the host: a name that answers both a public and a private
     * address is how a rebinding attack starts.
     */
    Optional<String> addressRefusal(String host, List<InetAddress> addresses) {
        if (allowed(host)) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = ForbiddenAddresses.kind(address);
            if (kind.isPresent()) {
                return Optional.of(literal(host) ? host + " is " + kind.get()
                        : host + " resolves to " + kind.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The addresses of {@code host}, each carrying {@code host} as its name (an IP literal carries none), so that
     * TLS sends that name and verifies the certificate against it whatever address the connection goes to.
     */
    List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> found = resolver.addresses(host);
        if (found == null || found.isEmpty()) {
            throw new UnknownHostException(host);
        }
        String name = literal(host) ? null : host;
        List<InetAddress> named = new ArrayList<>(found.size());
        for (InetAddress address : found) {
            named.add(address instanceof Inet6Address v6 && v6.getScopeId() != 0
                    ? Inet6Address.getByAddress(name, v6.getAddress(), v6.getScopeId())
                    : InetAddress.getByAddress(name, address.getAddress()));
        }
        return List.copyOf(named);
    }

    /** The URL's host as the resolver and the allow list take it: lower case, an IPv6 literal without brackets. */
    static String host(URI url) {
        return bare(url.getHost());
    }

    /** {@code host} in lower case, without the brackets of an IPv6 literal. */
    static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static boolean literal(String host) {
        return host.indexOf(':') >= 0 || DOTTED_QUAD.matcher(host).matches();
    }
}

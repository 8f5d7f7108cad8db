package io.promptengine.adapters.webhooks.jetty;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a webhook may not reach (README, "Outbound safety"): everything that is not a public unicast
 * address on the internet. An IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:0:0/96},
 * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4 address
 * it carries, since that is where the packets end up.
 */
final class ForbiddenAddresses {

    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0", 8, "an unspecified (this network) address"),
            range("10.0.0.0", 8, "a private address"),
            range("100.64.0.0", 10, "a shared (carrier-grade NAT) address"),
            range("127.0.0.0", 8, "a loopback address"),
            range("169.254.0.0", 16, "a link-local address"),
            range("172.16.0.0", 12, "a private address"),
            range("192.0.0.0", 24, "an IETF protocol address"),
            range("192.0.2.0", 24, "a documentation address"),
            range("192.168.0.0", 16, "a private address"),
            range("198.18.0.0", 15, "a benchmarking address"),
            range("198.51.100.0", 24, "a documentation address"),
            range("203.0.113.0", 24, "a documentation address"),
            range("224.0.0.0", 4, "a multicast address"),
            range("255.255.255.255", 32, "the broadcast address"),
            range("240.0.0.0", 4, "a reserved address"));

    private static final List<Range> IPV6 = List.of(
            range("::", 128, "an unspecified address"),
            range("::1", 128, "a loopback address"),
            range("64:ff9b:1::", 48, "a local NAT64 address"),
            range("100::", 64, "a discard-only address"),
            range("2001::", 32, "a Teredo tunnel address"),
            range("2001:db8::", 32, "a documentation address"),
            range("fc00::", 7, "a unique-local address"),
            range("fe80::", 10, "a link-local address"),
            range("fec0::", 10, "a site-local address"),
            range("ff00::", 8, "a multicast address"));

    private ForbiddenAddresses() {
    }

    /** What kind of forbidden address {@code address} is, such as "a private address"; empty when it is public. */
    static Optional<String> kind(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> carried = carriedIpv4(bytes);
            if (carried.isPresent()) {
                return kindOfIpv4(carried.get());
            }
            return first(IPV6, bytes);
        }
        return kindOfIpv4(bytes);
    }

    private static Optional<String> kindOfIpv4(byte[] bytes) {
        return first(IPV4, bytes);
    }

    private static Optional<String> first(List<Range> ranges, byte[] bytes) {
        return ranges.stream().filter(range -> range.contains(bytes)).map(Range::kind).findFirst();
    }

    /**
     * The IPv4 address an IPv6 address stands for: the last 32 bits of {@code ::ffff:a.b.c.d},
     * {@code ::a.b.c.d} (but not {@code ::} and {@code ::1} themselves) and {@code 64:ff9b::a.b.c.d}; bits 16 to 47
     * of 6to4's {@code 2002:aabb:ccdd::}.
     */
    private static Optional<byte[]> carriedIpv4(byte[] v6) {
        boolean first80Zero = allZero(v6, 0, 10);
        boolean mapped = first80Zero && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = first80Zero && v6[10] == 0 && v6[11] == 0
                && !(allZero(v6, 12, 15) && (v6[15] == 0 || v6[15] == 1));
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String literal, int bits, String kind) {
        try {
            // a literal: no name is looked up
            InetAddress start = InetAddress.getByName(literal);
            if (start instanceof Inet4Address != literal.indexOf(':') < 0) {
                throw new IllegalArgumentException(literal + " is an IPv4-mapped address");
            }
            return new Range(start.getAddress(), bits, kind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The addresses whose first {@code bits} bits are those of {@code start}. */
    private record Range(byte[] start, int bits, String kind) {

        boolean contains(byte[] address) {
            if (address.length != start.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != start[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (start[whole] & mask);
        }
    }
}

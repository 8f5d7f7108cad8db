package io.promptengine.adapters.webhooks.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every range of README's "Outbound safety" table, at its edges, and public neighbours of each (literals only). */
class ForbiddenAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0           | an unspecified (this network) address",
        "0.255.255.255     | an unspecified (this network) address",
        "10.0.0.0          | a private address",
        "10.255.255.255    | a private address",
        "100.64.0.0        | a shared (carrier-grade NAT) address",
        "100.127.255.255   | a shared (carrier-grade NAT) address",
        "127.0.0.1         | a loopback address",
        "127.255.255.254   | a loopback address",
        "169.254.169.254   | a link-local address",
        "169.254.0.1       | a link-local address",
        "172.16.0.1        | a private address",
        "172.31.255.255    | a private address",
        "192.0.0.192       | an IETF protocol address",
        "192.0.2.1         | a documentation address",
        "192.168.0.1       | a private address",
        "192.168.255.255   | a private address",
        "198.18.0.1        | a benchmarking address",
        "198.19.255.255    | a benchmarking address",
        "198.51.100.7      | a documentation address",
        "203.0.113.9       | a documentation address",
        "224.0.0.1         | a multicast address",
        "239.255.255.255   | a multicast address",
        "240.0.0.1         | a reserved address",
        "255.255.255.254   | a reserved address",
        "255.255.255.255   | the broadcast address",
        "::                | an unspecified address",
        "::1               | a loopback address",
        "fe80::1           | a link-local address",
        "febf:ffff::1      | a link-local address",
        "fc00::1           | a unique-local address",
        "fdff:ffff::1      | a unique-local address",
        "fec0::1           | a site-local address",
        "ff02::1           | a multicast address",
        "ff0e::1           | a multicast address",
        "100::1            | a discard-only address",
        "2001::1           | a Teredo tunnel address",
        "2001:db8::1       | a documentation address",
        "64:ff9b:1::1      | a local NAT64 address",
        // IPv4 in IPv6: mapped, compatible, NAT64, 6to4, each judged by the IPv4 address inside
        "::ffff:127.0.0.1  | a loopback address",
        "::ffff:169.254.169.254 | a link-local address",
        "::ffff:10.1.2.3   | a private address",
        "::127.0.0.1       | a loopback address",
        "::10.0.0.1        | a private address",
        "::0.0.0.2         | an unspecified (this network) address",
        "64:ff9b::7f00:1   | a loopback address",
        "64:ff9b::a9fe:a9fe | a link-local address",
        "64:ff9b::c0a8:101 | a private address",
        "2002:7f00:1::1    | a loopback address",
        "2002:a00:1::      | a private address"
    })
    void givenAForbiddenAddress_kind_namesItsRange(String literal, String kind) throws Exception {
        assertThat(ForbiddenAddresses.kind(InetAddress.getByName(literal))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
        "192.0.1.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
        "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "::8.8.8.8", "64:ff9b::808:808",
        "2002:808:808::1", "fbff::1", "fe7f::1", "2001:1::1", "2001:db9::1"})
    void givenAPublicAddress_kind_isEmpty(String literal) throws Exception {
        assertThat(ForbiddenAddresses.kind(InetAddress.getByName(literal))).isEmpty();
    }
}

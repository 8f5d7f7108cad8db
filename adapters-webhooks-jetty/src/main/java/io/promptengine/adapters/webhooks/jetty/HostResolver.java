package io.promptengine.adapters.webhooks.jetty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a webhook URL's host into the addresses to connect to: the system's resolver in production; tests replace it
 * to play a host name that resolves elsewhere from one call to the next (DNS rebinding). Every address it returns
 * is checked before anything connects, and a connection goes only to one of them.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The addresses of {@code host}: a host name, or an IP literal (IPv6 without brackets). May block; the sender
     * bounds the time it waits.
     *
     * @throws UnknownHostException when the name has no address
     */
    List<InetAddress> addresses(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}), which reads an IP literal without a lookup. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}

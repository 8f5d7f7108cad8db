package io.promptengine.adapters.webhooks.jetty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names that resolve as a test says: each name answers its addresses in turn, the last of them from then on (a
 * rebinding name answers a public address first, 127.0.0.1 next). IP literals are read as the system reads them;
 * any other name is unknown, so no test ever asks a real DNS server.
 */
final class FakeHosts implements HostResolver {

    private final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();

    /** {@code name} resolves to {@code literals} next (after what it was given before). */
    FakeHosts answer(String name, String... literals) {
        List<InetAddress> addresses = List.of(literals).stream().map(FakeHosts::literal).toList();
        answers.computeIfAbsent(name, key -> new ArrayDeque<>()).addLast(addresses);
        return this;
    }

    @Override
    public synchronized List<InetAddress> addresses(String host) throws UnknownHostException {
        if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
            return List.of(InetAddress.getByName(host));
        }
        Deque<List<InetAddress>> queue = answers.get(host);
        if (queue == null) {
            throw new UnknownHostException(host);
        }
        return queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
    }

    private static InetAddress literal(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}

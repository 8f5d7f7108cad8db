package io.promptengine.adapters.webhooks.jetty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Where Jetty's client asks for the addresses of a host before every new connection: the host is resolved once,
 * each address checked, and either the checked addresses are handed back, the only ones Jetty then connects to,
 * or the connection fails with {@link RefusedAddressException} before any socket is opened. As Jetty's own
 * {@link SocketAddressResolver.Async}, the lookup runs on the client's executor and is given up after a timeout
 * (the lookup itself is not interruptible: the system resolver's own timeouts end it).
 */
final class CheckingSocketAddressResolver implements SocketAddressResolver {

    private final OutboundRules rules;
    private final Executor executor;
    private final Scheduler scheduler;
    private final Duration timeout;

    CheckingSocketAddressResolver(OutboundRules rules, Executor executor, Scheduler scheduler, Duration timeout) {
        this.rules = rules;
        this.executor = executor;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            AtomicBoolean complete = new AtomicBoolean();
            Scheduler.Task expiry = scheduler.schedule(() -> {
                if (complete.compareAndSet(false, true)) {
                    promise.failed(new ResolutionTimeoutException(host, timeout));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                String bare = OutboundRules.bare(host);
                List<InetAddress> addresses = rules.resolve(bare);
                Optional<String> refusal = rules.addressRefusal(bare, addresses);
                if (complete.compareAndSet(false, true)) {
                    if (refusal.isPresent()) {
                        promise.failed(new RefusedAddressException(refusal.get()));
                    } else {
                        promise.succeeded(addresses.stream().map(address -> new InetSocketAddress(address, port))
                                .toList());
                    }
                }
            } catch (Exception | LinkageError e) {
                if (complete.compareAndSet(false, true)) {
                    promise.failed(e);
                }
            } finally {
                expiry.cancel();
            }
        });
    }

    /** A connection not opened because the host resolved to an address webhooks may not reach. */
    static final class RefusedAddressException extends Exception {

        RefusedAddressException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The host was not resolved in time. */
    static final class ResolutionTimeoutException extends TimeoutException {

        ResolutionTimeoutException(String host, Duration timeout) {
            super(host + " was not resolved within " + timeout.toMillis() + " ms");
        }
    }
}

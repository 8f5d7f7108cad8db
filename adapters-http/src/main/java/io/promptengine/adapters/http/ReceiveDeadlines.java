package io.promptengine.adapters.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head, or whose request body, takes longer to arrive than its deadline. Jetty
 * bounds only the time between two bytes (the idle timeout), so a client that sends one byte a second would hold
 * its connection for ever, and, while a route waits for the body, a thread. A periodic check watches each
 * connection through public Jetty API: a head has started once bytes arrive after the previous exchange ended,
 * it is complete once Jetty hands the request to the handlers, and its body is complete once the last chunk has
 * been read or the exchange has ended without it (an early 401 or 429, answered with {@code Connection: close}).
 * Time spent serving a request that has arrived whole is not bounded here: the endpoint's own deadline is.
 */
final class ReceiveDeadlines extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveDeadlines.class);
    private static final long MIN_CHECK_MILLIS = 50;
    private static final long MAX_CHECK_MILLIS = 1_000;

    private final long headNanos;
    private final long bodyNanos;
    private final long checkMillis;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();
    private final Connection.Listener listener = new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
            watches.put(connection, new Watch(connection));
        }

        @Override
        public void onClosed(Connection connection) {
            watches.remove(connection);
        }
    };
    private volatile Scheduler.Task nextCheck;

    ReceiveDeadlines(Duration head, Duration body) {
        this.headNanos = head.toNanos();
        this.bodyNanos = body.toNanos();
        // a tenth of the shorter deadline, so a deadline is kept to within 10 %
        this.checkMillis = Math.max(MIN_CHECK_MILLIS, Math.min(MAX_CHECK_MILLIS, head.compareTo(body) < 0
                ? head.toMillis() / 10 : body.toMillis() / 10));
    }

    /** Added to the connector, so that every connection it opens is watched from its first byte. */
    Connection.Listener connectionListener() {
        return listener;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Watch watch = watches.get(request.getConnectionMetaData().getConnection());
        if (watch == null) {
            return super.handle(request, response, callback);
        }
        watch.headReceived(System.nanoTime(), hasBody(request));
        Request watched = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.isLast()) {
                    watch.bodyReceived();
                }
                return chunk;
            }
        };
        Callback ended = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                watch.exchangeEnded();
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                watch.exchangeEnded();
                super.failed(failure);
            }
        };
        return super.handle(watched, response, ended);
    }

    private static boolean hasBody(Request request) {
        long declared = request.getLength();
        return declared > 0 || (declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleCheck();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = nextCheck;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void scheduleCheck() {
        if (isRunning() || isStarting()) {
            nextCheck = getServer().getScheduler().schedule(this::check, checkMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        try {
            long now = System.nanoTime();
            for (Watch watch : watches.values()) {
                String late = watch.overdue(now, headNanos, bodyNanos);
                if (late != null) {
                    LOG.debug("Closing connection from {}: its request {} did not arrive in time",
                            watch.connection.getEndPoint().getRemoteSocketAddress(), late);
                    watch.connection.getEndPoint().close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking request deadlines failed; checking again", e);
        } finally {
            scheduleCheck();
        }
    }

    /** Where one connection is in its current exchange; the check thread and the connection's own threads meet here. */
    private static final class Watch {

        private enum Phase { AWAITING_HEAD, RECEIVING_BODY, SERVING }

        private final Connection connection;
        private Phase phase = Phase.AWAITING_HEAD;
        /** Bytes received when the previous exchange ended: any beyond them belong to the next head. */
        private long bytesBeforeHead;
        /** Whether bytes of the awaited head have arrived, and since when; or since when the body is awaited. */
        private boolean started;
        private long since;

        Watch(Connection connection) {
            this.connection = connection;
        }

        synchronized void headReceived(long now, boolean withBody) {
            phase = withBody ? Phase.RECEIVING_BODY : Phase.SERVING;
            started = true;
            since = now;
        }

        synchronized void bodyReceived() {
            if (phase == Phase.RECEIVING_BODY) {
                phase = Phase.SERVING;
            }
        }

        synchronized void exchangeEnded() {
            phase = Phase.AWAITING_HEAD;
            bytesBeforeHead = connection.getBytesIn();
            started = false;
        }

        /** Which part of the request is overdue at {@code now}, or {@code null} for none. */
        synchronized String overdue(long now, long headNanos, long bodyNanos) {
            switch (phase) {
                case AWAITING_HEAD -> {
                    if (!started) {
                        // an idle keep-alive connection is the idle timeout's business, not the head deadline's
                        if (connection.getBytesIn() > bytesBeforeHead) {
                            started = true;
                            since = now;
                        }
                        return null;
                    }
                    return now - since > headNanos ? "head" : null;
                }
                case RECEIVING_BODY -> {
                    return now - since > bodyNanos ? "body" : null;
                }
                default -> {
                    return null;
                }
            }
        }
    }
}

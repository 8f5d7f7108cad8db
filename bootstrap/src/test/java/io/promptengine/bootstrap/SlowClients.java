package io.promptengine.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Raw connections that each send the start of a request at once and then one more byte a second, for ever, as an
 * attacker's slow client does; one selector thread trickles the bytes and records, per connection, when the first
 * byte of an answer came and when the server closed it. {@link #close()} ends the thread and every connection.
 */
final class SlowClients implements AutoCloseable {

    /** One connection: what it received and when, in {@link System#nanoTime()} terms; -1 for not yet. */
    static final class Client {

        final long openedNanos;
        private final SocketChannel channel;
        private final byte trickled;
        private final StringBuilder received = new StringBuilder();
        private volatile long answeredNanos = -1;
        private volatile long closedNanos = -1;

        private Client(SocketChannel channel, byte trickled, long openedNanos) {
            this.channel = channel;
            this.trickled = trickled;
            this.openedNanos = openedNanos;
        }

        /** Milliseconds from opening to the first byte of an answer, or -1 when none came. */
        long answeredAfterMillis() {
            long at = answeredNanos;
            return at < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at - openedNanos);
        }

        /** Milliseconds from opening until the server closed the connection, or -1 while it is open. */
        long closedAfterMillis() {
            long at = closedNanos;
            return at < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at - openedNanos);
        }

        synchronized String received() {
            return received.toString();
        }

        private synchronized void receive(ByteBuffer bytes) {
            if (answeredNanos < 0) {
                answeredNanos = System.nanoTime();
            }
            received.append(StandardCharsets.ISO_8859_1.decode(bytes));
        }

        private void closedByServer() {
            if (closedNanos < 0) {
                closedNanos = System.nanoTime();
            }
        }
    }

    private static final long TRICKLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int port;
    private final Selector selector;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;

    SlowClients(int port) {
        this.port = port;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::run, "slow-clients");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens {@code count} connections that each send {@code start} now and then {@code trickled} once a second. */
    List<Client> open(int count, String start, char trickled) {
        List<Client> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                Client client = new Client(channel, (byte) trickled, System.nanoTime());
                channel.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
                clients.add(client);
                opened.add(client);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        selector.wakeup();
        return opened;
    }

    private void run() {
        long nextTrickle = System.nanoTime() + TRICKLE_NANOS;
        ByteBuffer buffer = ByteBuffer.allocate(16_384);
        while (running) {
            try {
                for (Client client : clients) {
                    if (client.channel.keyFor(selector) == null && client.channel.isOpen()) {
                        client.channel.register(selector, SelectionKey.OP_READ, client);
                    }
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Client) key.attachment(), key, buffer);
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() - nextTrickle >= 0) {
                    nextTrickle += TRICKLE_NANOS;
                    trickle();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void read(Client client, SelectionKey key, ByteBuffer buffer) {
        try {
            buffer.clear();
            int read = client.channel.read(buffer);
            if (read < 0) {
                finish(client, key);
            } else if (read > 0) {
                buffer.flip();
                client.receive(buffer);
            }
        } catch (IOException reset) {
            finish(client, key);
        }
    }

    private void trickle() {
        for (Client client : clients) {
            if (client.closedNanos >= 0 || !client.channel.isOpen()) {
                continue;
            }
            try {
                client.channel.write(ByteBuffer.wrap(new byte[] {client.trickled}));
            } catch (IOException reset) {
                finish(client, client.channel.keyFor(selector));
            }
        }
    }

    private static void finish(Client client, SelectionKey key) {
        client.closedByServer();
        if (key != null) {
            key.cancel();
        }
        try {
            client.channel.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client client : clients) {
            try {
                client.channel.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

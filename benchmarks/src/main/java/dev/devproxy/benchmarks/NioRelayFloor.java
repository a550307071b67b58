package dev.devproxy.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Not devproxy: a measurement floor for docs/benchmarks.md. The least a JVM can do to proxy a WebSocket, written the
 * way nginx is: one thread, one {@link Selector}, no framework. Per connection it reads the browser's request head,
 * strips {@link ProxyHost#PREFIX} from its path, connects to the upstream and forwards the head unchanged otherwise;
 * from then on it copies bytes both ways, as nginx does: one read into a 64 KiB direct buffer per readable event,
 * one write of what was read, and a socket whose bytes the other one cannot take yet is not read until it has (write
 * interest on the slow one instead). A buffer is held only while its bytes wait. No checks, no frame parsing, no
 * close codes, no pings: what devproxy does beyond this is what its CPU beyond this floor buys. WebSocket workloads
 * and the idle test only: it forwards one request head per connection, so HTTP keep-alive would break.
 *
 * <p>Run as {@code NioRelayFloor http://127.0.0.1:<upstream port>}; prints {@code READY <port> -}; or in a test through
 * {@link #start}.
 */
public final class NioRelayFloor {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 16 * 1024;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final Selector selector;
    private final InetSocketAddress upstream;
    private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();

    private NioRelayFloor(Selector selector, InetSocketAddress upstream) {
        this.selector = selector;
        this.upstream = upstream;
    }

    /** A running floor: its port, and how to stop it. */
    public interface Running extends AutoCloseable {
        /** The port on 127.0.0.1. */
        int port();

        @Override
        void close() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Running running = start(URI.create(args[0]));
        System.out.println("READY " + running.port() + " -");
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts the relay to {@code target} ({@code http://host:port}) on a thread of its own, on an ephemeral port. */
    public static Running start(URI target) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        NioRelayFloor relay = new NioRelayFloor(selector, new InetSocketAddress(target.getHost(), target.getPort()));
        Thread loop = new Thread(() -> relay.run(server), "nio-relay-floor");
        loop.start();
        int port = server.socket().getLocalPort();
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() throws IOException {
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close(); // ends the loop
            }
        };
    }

    private void run(ServerSocketChannel server) {
        try {
            while (true) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(server);
                        continue;
                    }
                    Pair pair = (Pair) key.attachment();
                    try {
                        pair.ready(key);
                    } catch (IOException e) {
                        pair.close();
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed: the loop ends
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        SocketChannel browser;
        while ((browser = server.accept()) != null) {
            browser.configureBlocking(false);
            browser.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Pair pair = new Pair(browser);
            pair.browserKey = browser.register(selector, SelectionKey.OP_READ, pair);
        }
    }

    private ByteBuffer take() {
        ByteBuffer buffer = pool.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER);
    }

    /** One proxied connection: the browser's socket, the upstream's once the head is through, and two directions. */
    private final class Pair {
        private final SocketChannel browser;
        private SocketChannel upstreamChannel;
        private SelectionKey browserKey;
        private SelectionKey upstreamKey;
        private ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);
        private final Direction toUpstream = new Direction();
        private final Direction toBrowser = new Direction();

        Pair(SocketChannel browser) {
            this.browser = browser;
        }

        void ready(SelectionKey key) throws IOException {
            if (head != null) {
                readHead();
                return;
            }
            boolean isBrowser = key == browserKey;
            if (key.isWritable()) {
                (isBrowser ? toBrowser : toUpstream).flush((SocketChannel) key.channel());
            }
            if (key.isValid() && key.isReadable()) {
                (isBrowser ? toUpstream : toBrowser).read(isBrowser ? browser : upstreamChannel,
                        isBrowser ? upstreamChannel : browser);
            }
            if (browserKey.isValid() && upstreamKey.isValid()) {
                browserKey.interestOps(interest(toUpstream, toBrowser));
                upstreamKey.interestOps(interest(toBrowser, toUpstream));
            }
        }

        // A socket is read while what it sent last is written, and written to while bytes for it wait.
        private int interest(Direction from, Direction to) {
            return (from.pending == null ? SelectionKey.OP_READ : 0) | (to.pending != null ? SelectionKey.OP_WRITE : 0);
        }

        private void readHead() throws IOException {
            if (browser.read(head) < 0 || !head.hasRemaining()) {
                close();
                return;
            }
            int end = indexOf(head, HEAD_END);
            if (end < 0) {
                return;
            }
            String text = new String(head.array(), 0, end, StandardCharsets.ISO_8859_1);
            String rewritten = text.replaceFirst("^(\\S+ )" + ProxyHost.PREFIX + "(/?)", "$1/");
            ByteBuffer first = ByteBuffer.allocate(rewritten.length() + head.position() - end);
            first.put(rewritten.getBytes(StandardCharsets.ISO_8859_1));
            first.put(head.array(), end, head.position() - end); // the head's end, and anything after it
            first.flip();
            head = null;
            upstreamChannel = SocketChannel.open(upstream); // loopback: connects at once
            upstreamChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstreamChannel.configureBlocking(false);
            upstreamKey = upstreamChannel.register(selector, SelectionKey.OP_READ, this);
            toUpstream.pending = first;
            toUpstream.flush(upstreamChannel);
            browserKey.interestOps(interest(toUpstream, toBrowser));
            upstreamKey.interestOps(interest(toBrowser, toUpstream));
        }

        void close() {
            toUpstream.release();
            toBrowser.release();
            closeQuietly(browser);
            if (upstreamChannel != null) {
                closeQuietly(upstreamChannel);
            }
        }

        /** Bytes one way: at most one read waiting to be written. */
        private final class Direction {
            private ByteBuffer pending;

            void read(SocketChannel from, SocketChannel to) throws IOException {
                ByteBuffer buffer = take();
                int read = from.read(buffer);
                if (read < 0) {
                    pool.push(buffer);
                    close();
                    return;
                }
                buffer.flip();
                pending = buffer;
                flush(to);
            }

            void flush(SocketChannel to) throws IOException {
                if (pending == null) {
                    return;
                }
                to.write(pending);
                if (!pending.hasRemaining()) {
                    release();
                }
            }

            void release() {
                if (pending != null) {
                    if (pending.isDirect()) {
                        pending.clear();
                        pool.push(pending);
                    }
                    pending = null;
                }
            }
        }
    }

    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        byte[] bytes = buffer.array();
        for (int i = 0; i + needle.length <= buffer.position(); i++) {
            int j = 0;
            while (j < needle.length && bytes[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i + needle.length;
            }
        }
        return -1;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket that already failed: nothing more to do
        }
    }
}

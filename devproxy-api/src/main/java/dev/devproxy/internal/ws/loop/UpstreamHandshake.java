package dev.devproxy.internal.ws.loop;

import dev.devproxy.internal.http.MalformedResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. A WebSocket handshake of devproxy's own with a plain ({@code ws://}) upstream, on the relay loop
 * that will relay the pair: connect, write the request, read the answer's head (Jetty's {@link HttpParser}, the
 * parser alone), and on a 101 leave the socket registered with the loop for the pair's {@link ChannelWire}, with the
 * bytes that came after the head. Nginx dials so; Jetty's HTTP client, for the same handshake, runs a connection pool,
 * a conversation, an exchange and its listeners per socket, about a quarter of what opening a pair cost (issue 29).
 *
 * <p>An answer other than 101 is read whole (its body up to a bound, for the refusal the browser may be shown) and
 * the socket closed. Nothing here blocks the loop: connecting, writing and reading wait for readiness; a host name is
 * resolved on the executor first (an address goes to the loop from the caller's thread). The caller bounds the whole
 * handshake in time ({@link #abort}).
 */
public final class UpstreamHandshake implements RelayLoop.Ready {
    /** The longest answer head read. */
    private static final int MAX_HEAD_BYTES = 8 * 1024;

    /**
     * What the upstream answered.
     *
     * @param status the status
     * @param headers the head's fields
     * @param channel on a 101, the socket, still registered with the loop (with no interest); null otherwise (closed)
     * @param rest on a 101, the bytes read after the head (the upstream's first frames); otherwise the body read
     * @param whole whether the body is all there (false when it was longer than the bound, and left unread)
     */
    public record Answer(int status, HttpFields headers, SocketChannel channel, ByteBuffer rest, boolean whole) {
    }

    private final RelayLoop loop;
    private final ByteBuffer request;
    private final int maxBodyBytes;
    private final CompletableFuture<Answer> answered = new CompletableFuture<>();
    private final Parsed parsed = new Parsed();
    private final HttpParser parser = new HttpParser(parsed, MAX_HEAD_BYTES);
    // Loop thread only, once resolved.
    private InetAddress[] addresses;
    private int next;
    private int port;
    private SocketChannel channel;
    private SelectionKey key;
    private final ByteBuffer read = BufferUtil.allocate(MAX_HEAD_BYTES);

    private UpstreamHandshake(RelayLoop loop, ByteBuffer request, int maxBodyBytes) {
        this.loop = loop;
        this.request = request;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Starts the handshake with {@code host:port} ({@code host} as in a URI: an IPv6 address in brackets):
     * {@code request} is the whole request head. The future completes with the answer, or fails with what went wrong
     * (an {@code UnknownHostException}, a {@code ConnectException}, an {@link EOFException} for a socket closed before
     * an answer, a {@link MalformedResponse} for an answer that is no HTTP or whose head is too long).
     */
    public static UpstreamHandshake start(String host, int port, ByteBuffer request, RelayLoop loop, Executor executor,
            int maxBodyBytes) {
        UpstreamHandshake handshake = new UpstreamHandshake(loop, request, maxBodyBytes);
        if (isAddress(host)) {
            handshake.connect(host, port); // nothing to look up: straight to the loop, with no thread in between
        } else {
            executor.execute(() -> handshake.connect(host, port)); // the lookup may block: neither here nor on the loop
        }
        return handshake;
    }

    /**
     * Whether {@code host} is an address {@link InetAddress#getAllByName} takes without a lookup: an IPv6 literal in
     * brackets (checked there, and refused if malformed) or four decimal numbers of 0 to 255 with no leading zero (the
     * JDK refuses an octet with one, or looks the whole up as a name).
     */
    static boolean isAddress(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return true;
        }
        int dots = 0;
        int digits = 0;
        int octet = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++dots > 3) {
                    return false;
                }
                digits = 0;
                octet = 0;
            } else if (c >= '0' && c <= '9' && !(digits == 1 && octet == 0)) {
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    /** The answer, or the failure. */
    public CompletableFuture<Answer> answered() {
        return answered;
    }

    /** Ends the handshake with {@code failure} unless it ended already (the caller's timeout); closes the socket. */
    public void abort(Throwable failure) {
        if (answered.completeExceptionally(failure)) {
            loop.execute(this::close);
        }
    }

    // On the executor: the lookup may block. Each address in turn, as Jetty's client does (localhost: ::1, 127.0.0.1).
    private void connect(String host, int port) {
        try {
            InetAddress[] found = InetAddress.getAllByName(host);
            if (!loop.execute(() -> connectTo(found, 0, port))) {
                throw new IOException("devproxy is closed");
            }
        } catch (IOException | RuntimeException e) {
            answered.completeExceptionally(e);
        }
    }

    // Loop thread only.
    private void connectTo(InetAddress[] addresses, int index, int port) {
        if (answered.isDone()) {
            return; // timed out meanwhile
        }
        this.addresses = addresses;
        this.next = index + 1;
        this.port = port;
        try {
            SocketChannel opened = SocketChannel.open();
            channel = opened;
            opened.configureBlocking(false);
            opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = opened.connect(new InetSocketAddress(addresses[index], port));
            key = opened.register(loop.selector(), connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
        } catch (IOException | RuntimeException e) {
            connectFailed(e);
        }
    }

    private void connectFailed(Exception failure) {
        close();
        if (next < addresses.length) {
            connectTo(addresses, next, port);
        } else {
            answered.completeExceptionally(failure);
        }
    }

    @Override
    public void ready(int readyOps) {
        if (answered.isDone()) {
            close();
            return;
        }
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                try {
                    if (!channel.finishConnect()) {
                        return; // not yet: the selector says when
                    }
                } catch (IOException refused) {
                    connectFailed(refused);
                    return;
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return; // the answer comes later
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                readAnswer();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void readAnswer() throws IOException {
        while (true) {
            // The parser keeps what it parsed of a line or field itself: the buffer holds only unparsed bytes.
            BufferUtil.compact(read);
            int start = BufferUtil.flipToFill(read);
            int n;
            try {
                n = channel.read(read);
            } finally {
                BufferUtil.flipToFlush(read, start);
            }
            if (n < 0) {
                parser.atEOF();
            }
            boolean stopped = parser.parseNext(read);
            if (parsed.failure != null) {
                throw parsed.failure;
            }
            if (stopped || parser.isComplete()) {
                answer();
                return;
            }
            if (n < 0) {
                throw new EOFException("the upstream closed the connection before it answered");
            }
            if (n == 0) {
                return; // the selector says when more comes
            }
        }
    }

    private void answer() {
        if (parsed.status == 101) {
            key.interestOps(0); // the pair's wire takes the key over (ChannelWire registers the channel again)
            Answer upgraded = new Answer(101, parsed.headers, channel, BufferUtil.hasContent(read)
                    ? BufferUtil.copy(read) : null, true);
            if (!answered.complete(upgraded)) {
                close();
            }
            return;
        }
        close();
        answered.complete(new Answer(parsed.status, parsed.headers, null,
                parsed.tooLong ? BufferUtil.EMPTY_BUFFER : parsed.bodyBytes(), !parsed.tooLong));
    }

    private void fail(Throwable failure) {
        close();
        answered.completeExceptionally(failure);
    }

    /** Closes the socket; the loop's thread, or once the handshake ended. */
    @Override
    public void close() {
        SocketChannel open = channel;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing a socket that failed: nothing more to do
            }
        }
    }

    /** What the parser saw of the answer. */
    private final class Parsed implements HttpParser.ResponseHandler {
        private final HttpFields.Mutable headers = HttpFields.build();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private boolean tooLong;
        private IOException failure;

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            this.status = status;
        }

        @Override
        public void parsedHeader(HttpField field) {
            // A plain copy: the parser's own fields refer to the parser, and through it to this handshake and its
            // read buffer, which whoever keeps the answer's headers (a relayed pair, a refusal) would keep too.
            headers.add(new HttpField(field.getHeader(), field.getName(), field.getValue()));
        }

        @Override
        public boolean headerComplete() {
            return status == 101; // the rest is the WebSocket's: stop right after the head
        }

        @Override
        public boolean content(ByteBuffer item) {
            if (body.size() + item.remaining() > maxBodyBytes) {
                tooLong = true;
                body.reset();
                return true; // no need to read the rest: the status and the head are what is relayed
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            body.writeBytes(bytes);
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            return true;
        }

        @Override
        public void earlyEOF() {
            failure = new EOFException("the upstream closed the connection in the middle of its answer");
        }

        @Override
        public void badMessage(HttpException bad) {
            failure = new MalformedResponse("the upstream's handshake answer is not HTTP: " + bad.getCode());
        }

        ByteBuffer bodyBytes() {
            return ByteBuffer.wrap(body.toByteArray());
        }
    }
}

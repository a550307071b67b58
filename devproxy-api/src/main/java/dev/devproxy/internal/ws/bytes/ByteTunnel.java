package dev.devproxy.internal.ws.bytes;

import dev.devproxy.WebSocketSettings;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.adapter.Wire;
import dev.devproxy.internal.Digests;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.headers.HeaderList;
import dev.devproxy.internal.http.RawTargetRequest;
import dev.devproxy.internal.ws.UpstreamClient;
import dev.devproxy.internal.ws.UpstreamRefusal;
import dev.devproxy.internal.ws.frames.InflatedSize;
import dev.devproxy.internal.ws.frames.PerMessageDeflate;
import dev.devproxy.internal.ws.loop.ChannelWire;
import dev.devproxy.internal.ws.loop.EndPointWire;
import dev.devproxy.internal.ws.loop.JettySocket;
import dev.devproxy.internal.ws.loop.RelayLoop;
import dev.devproxy.internal.ws.loop.UpstreamHandshake;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpUpgrader;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The handshakes of a {@link ByteRelay}: the browser's upgrade request, with devproxy's
 * header rules applied, is sent to the upstream with the browser's own {@code Sec-WebSocket-Key} and
 * subprotocols (RFC 6455 §4.1), and its {@code permessage-deflate} offer where the settings allow it; on a 101
 * whose {@code Sec-WebSocket-Accept} matches that key, the upstream's socket is relayed: a plain upstream's is dialled
 * and answered on the pair's relay loop itself ({@link UpstreamHandshake}), a TLS upstream's is dialled by Jetty's
 * HTTP client and stays on Jetty's I/O ({@link EndPointWire}). The browser's connection is upgraded with
 * the upstream's answer by the container's adapter ({@link ContainerAdapter}), which hands the browser's socket to
 * the relay.
 */
public final class ByteTunnel {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final List<String> FROM_BROWSER = List.of("Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol");

    /** The upstream's answer to a handshake that it accepted. */
    public record Answer(String subprotocol, String extensions, String accept, List<String> setCookies, String server) {
    }

    /** A 101 that does not belong to the browser's key, or an answer other than 101: the upstream refused. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final UpstreamClient client;
    private final Duration connectTimeout;
    private final WebSocketSettings.Compression compression;

    public ByteTunnel(UpstreamClient client, Duration connectTimeout, WebSocketSettings.Compression compression) {
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.compression = compression;
    }

    /** Where relays write frames of their own from: the upstream client's pool; null once the proxy is closed. */
    public Executor writerOrNull() {
        HttpClient http = client.httpIfOpen();
        return http == null ? null : http.getExecutor();
    }

    /** The relay loop for the next pair; null once the proxy is closed. */
    public RelayLoop loopOrNull() {
        return client.loopOrNull();
    }

    /**
     * Sends the handshake for {@code exchange} upstream, without waiting: the future completes with the answer, or
     * fails (a {@link Refused} for a non-101 answer, a {@link TimeoutException} after the connect timeout, the
     * transport's failure), on an upstream client thread or on the pair's relay loop, so what is chained to it must
     * not block; {@code refusal} then holds a 4xx answer to relay. On success the relay has its upstream wire. No
     * thread waits for the upstream meanwhile (issue 25: parked request threads let one user stall the host
     * application).
     */
    public CompletableFuture<Answer> dial(HttpServletRequest request, Exchange exchange, HeaderList proxyToUpstream,
            ByteRelay relay, UpstreamRefusal.Capture refusal) {
        String key = request.getHeader("Sec-WebSocket-Key");
        // Compression is forwarded only where the settings allow it, and then only permessage-deflate, the one
        // extension whose frames the relay can tell from broken ones (and count, see InflatedSize).
        Optional<String> offer = compression == WebSocketSettings.Compression.PERMESSAGE_DEFLATE
                ? PerMessageDeflate.offer(Collections.list(request.getHeaders("Sec-WebSocket-Extensions")))
                : Optional.empty();
        HttpFields.Mutable fields = HttpFields.build(proxyToUpstream.size() + 6);
        for (Map.Entry<String, String> header : proxyToUpstream.entries()) {
            fields.add(header.getKey(), header.getValue()); // in order, as the HTTP tunnel sends them
        }
        for (String name : FROM_BROWSER) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (!values.isEmpty()) {
                fields.put(name, values);
            }
        }
        offer.ifPresent(extensions -> fields.put("Sec-WebSocket-Extensions", extensions));
        fields.put("Upgrade", "websocket");
        fields.put("Connection", "Upgrade");
        URI origin = exchange.upstreamOrigin(false);
        if ("http".equals(origin.getScheme())) {
            return dialPlain(origin, target(exchange), fields, key, offer.isPresent(), relay, refusal);
        }
        return dialThroughJetty(origin, exchange, fields, key, offer.isPresent(), relay, refusal);
    }

    // The request target as the browser sent it (RawTargetRequest says why it is not parsed again).
    private static String target(Exchange exchange) {
        return exchange.rawQuery() == null ? exchange.upstreamPath() : exchange.upstreamPath() + "?" + exchange.rawQuery();
    }

    /**
     * A plain upstream: devproxy's own handshake on the pair's relay loop ({@link UpstreamHandshake}), which leaves
     * the socket registered there for the pair's wire; no HTTP client in between.
     */
    private CompletableFuture<Answer> dialPlain(URI origin, String target, HttpFields fields, String key,
            boolean offered, ByteRelay relay, UpstreamRefusal.Capture refusal) {
        HttpClient http = client.http();
        StringBuilder head = new StringBuilder(512).append("GET ").append(target).append(" HTTP/1.1\r\n");
        for (HttpField field : fields) {
            head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
        }
        head.append("\r\n");
        int port = origin.getPort() < 0 ? 80 : origin.getPort();
        UpstreamHandshake handshake = UpstreamHandshake.start(origin.getHost(), port,
                ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)), relay.loop(),
                http.getExecutor(), UpstreamRefusal.MAX_BODY_BYTES);
        CompletableFuture<Answer> answered = new CompletableFuture<>();
        // On the loop that read the answer: nothing here blocks (the upstream's wire tells the listener nothing; the
        // browser's does, when it opens), and the dial's caller only asks the container for a dispatch. A hop to a
        // pool thread here cost every upgrade a thread wake-up.
        handshake.answered().whenComplete((answer, failure) -> {
            if (failure != null) {
                answered.completeExceptionally(failure);
                return;
            }
            if (answer.status() != 101) {
                refusal.answered(answer.status(), answer.headers(), answer.rest(), answer.whole());
                answered.completeExceptionally(new Refused("upstream answered " + answer.status()));
                return;
            }
            Optional<PerMessageDeflate.Agreed> deflate;
            try {
                deflate = agreed(answer.headers(), key, offered);
            } catch (Refused refused) {
                closeQuietly(answer.channel());
                answered.completeExceptionally(refused);
                return;
            }
            SocketChannel channel = answer.channel(); // all the wire's close needs of the answer
            ChannelWire wire = new ChannelWire(relay.loop(), channel, answer.rest(), http.getByteBufferPool(),
                    relay.upstreamEvents(), () -> closeQuietly(channel));
            if (!wire.open()) {
                answered.completeExceptionally(new IOException("devproxy is closed"));
                return;
            }
            connected(relay, wire, answer.headers(), deflate, answered);
        });
        timeout(http, answered, handshake::abort);
        return answered;
    }

    /**
     * What a 101 agreed to: the compression, if the offer was answered; a {@link Refused} for a 101 that does not
     * belong to the browser's key or agrees to what was not offered.
     */
    private static Optional<PerMessageDeflate.Agreed> agreed(HttpFields headers, String key, boolean offered)
            throws Refused {
        String accept = headers.get("Sec-WebSocket-Accept");
        if (accept == null || !accept.equals(acceptFor(key))) {
            throw new Refused("101 without the Sec-WebSocket-Accept of the browser's key");
        }
        return PerMessageDeflate.answer(headers.get("Sec-WebSocket-Extensions"), offered);
    }

    /** The relay has its upstream wire; the dial answers, unless it timed out meanwhile (the wire is closed then). */
    private static void connected(ByteRelay relay, Wire wire, HttpFields headers,
            Optional<PerMessageDeflate.Agreed> deflate, CompletableFuture<Answer> answered) {
        String subprotocol = headers.get("Sec-WebSocket-Protocol");
        relay.upstreamConnected(wire, subprotocol == null ? "" : subprotocol, deflate);
        Answer answer = new Answer(subprotocol, deflate.isPresent() ? headers.get("Sec-WebSocket-Extensions") : null,
                headers.get("Sec-WebSocket-Accept"), headers.getValuesList("Set-Cookie"), headers.get("Server"));
        if (!answered.complete(answer)) {
            wire.close(); // nobody will relay this socket
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a socket that failed: nothing more to do
        }
    }

    // The connect timeout bounds the whole handshake: dial, request, answer.
    private void timeout(HttpClient http, CompletableFuture<Answer> answered, Consumer<TimeoutException> abort) {
        long budget = connectTimeout.toMillis();
        Scheduler.Task timeout = http.getScheduler().schedule(() -> {
            TimeoutException late = new TimeoutException("no handshake answer within " + budget + " ms");
            if (answered.completeExceptionally(late)) {
                abort.accept(late);
            }
        }, budget, TimeUnit.MILLISECONDS);
        answered.whenComplete((answer, failure) -> timeout.cancel());
    }

    /** A TLS upstream: Jetty's HTTP client sends the handshake; its endpoint is upgraded to the pair's wire. */
    private CompletableFuture<Answer> dialThroughJetty(URI origin, Exchange exchange, HttpFields fields, String key,
            boolean offered, ByteRelay relay, UpstreamRefusal.Capture refusal) {
        HttpClient http = client.http();
        CompletableFuture<Answer> answered = new CompletableFuture<>();
        // No request timeout of Jetty's: its timer would keep the upgraded connection's HTTP state (parser, request,
        // response: about 3 KiB a pair) referenced until it expired. The scheduled task below is the timeout.
        // The browser's path and query go upstream as they came (RawTargetRequest).
        Request handshake = new RawTargetRequest(http, origin, exchange.upstreamPath(), exchange.rawQuery())
                .method(HttpMethod.GET)
                .headers(headers -> headers.add(fields));
        refusal.watch(handshake);
        handshake.attribute(HttpUpgrader.Factory.class.getName(), (HttpUpgrader.Factory) version -> new HttpUpgrader() {
            @Override
            public void prepare(Request ignored) {
                // the headers are all set above
            }

            @Override
            public void upgrade(Response response, EndPoint endPoint, Callback callback) {
                Optional<PerMessageDeflate.Agreed> deflate;
                try {
                    deflate = agreed(response.getHeaders(), key, offered);
                } catch (Refused refused) {
                    callback.failed(refused);
                    return;
                }
                Connection takenOver = JettySocket.takeOver(endPoint, http.getExecutor(), relay.loop(),
                        http.getByteBufferPool(), relay.upstreamEvents());
                endPoint.upgrade(takenOver);
                connected(relay, JettySocket.wireOf(takenOver), response.getHeaders(), deflate, answered);
                callback.succeeded();
            }
        });
        handshake.send(result -> {
            if (result.isFailed()) {
                answered.completeExceptionally(result.getFailure());
            } else if (result.getResponse().getStatus() != 101) {
                answered.completeExceptionally(new Refused("upstream answered " + result.getResponse().getStatus()));
            }
        });
        timeout(http, answered, handshake::abort);
        return answered;
    }

    /**
     * The 101 to the browser, with the upstream's answer, written by the container's adapter, which hands the
     * browser's socket to {@code relay}; false if no adapter is published or it wrote no 101 (the caller then closes
     * the upstream). An adapter that fails, even with a {@link LinkageError} (a container version whose interfaces
     * changed under it), counts as a 101 that did not go out.
     */
    public boolean upgradeBrowser(HttpServletRequest request, HttpServletResponse response, Answer answer,
            List<String> setCookies, ByteRelay relay) {
        ContainerAdapter adapter = ContainerAdapter.of(request.getServletContext());
        if (adapter == null || !adapter.takesSocketsOver()) {
            return false;
        }
        List<ContainerAdapter.Header> headers = new ArrayList<>();
        forEachHeader(answer, setCookies, (name, value) -> headers.add(new ContainerAdapter.Header(name, value)));
        HttpClient http = client.http();
        try {
            return adapter.upgrade(request, response, headers,
                    new RelayBrowserSide(relay, http.getByteBufferPool()));
        } catch (Exception | LinkageError e) {
            LOG.warn("the container adapter {} failed to upgrade a WebSocket: {}", adapter.getClass().getName(),
                    e.toString());
            return false;
        }
    }

    private static void forEachHeader(Answer answer, List<String> setCookies, BiConsumer<String, String> add) {
        add.accept("Upgrade", "websocket");
        add.accept("Connection", "Upgrade");
        add.accept("Sec-WebSocket-Accept", answer.accept());
        if (answer.subprotocol() != null) {
            add.accept("Sec-WebSocket-Protocol", answer.subprotocol());
        }
        if (answer.extensions() != null) {
            add.accept("Sec-WebSocket-Extensions", answer.extensions());
        }
        for (String cookie : setCookies) {
            add.accept("Set-Cookie", cookie);
        }
    }

    /** The {@code Sec-WebSocket-Accept} that answers {@code key} (RFC 6455 §4.2.2). */
    static String acceptFor(String key) {
        byte[] digest = Digests.sha1((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }
}

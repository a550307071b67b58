package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.BareClose;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.EagerSocketUpstream;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.SocketProbe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.devproxy.testkit.ClassHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * What only the byte relay ({@link WebSocketSettings.Relaying#BYTES}) does, spoken by hand on raw sockets: the
 * browser's own handshake reaches the upstream, frame headers split across reads are reassembled, a frame that
 * breaks RFC 6455 closes both sides with 1002, and the proxy closes the connections itself once a close handshake
 * is over or has timed out. What both relays share is {@link WebSocketConformance}'s. Not part of
 * {@link DevProxyConformance}: {@link #byDefaultTheBrowsersHandshakeKeyIsForwarded} holds where {@code AUTO}
 * means bytes, which is with devproxy's own Jetty and Tomcat adapters.
 */
public interface ByteRelayConformance extends Conformance {

    @Test
    default void byDefaultTheBrowsersHandshakeKeyIsForwarded() throws Exception {
        assertThat(upstreamSeesTheBrowsersKey(conformance())).isTrue();
    }

    @Test
    default void withFramesTheUpstreamHandshakeIsTheProxysOwn() throws Exception {
        assertThat(upstreamSeesTheBrowsersKey(conformance().relaying(WebSocketSettings.Relaying.FRAMES))).isFalse();
    }

    /**
     * Whether a WebSocket to alpha's echo reaches the upstream with the browser's own {@code Sec-WebSocket-Key}: true
     * where the byte relay carries it, false where the frame relay dials with a key of its own. The socket echoes
     * either way.
     */
    static boolean upstreamSeesTheBrowsersKey(ConformanceContext context) throws Exception {
        SocketProbe socket = context.openSocket("/__ide/alpha/ws/echo", context.sessionCookie("alpha"));
        socket.send("hi");
        assertThat(socket.nextText()).isEqualTo("hi");
        String browserKey = socket.session().getUpgradeRequest().getHeader("Sec-WebSocket-Key");
        List<String> upstreamKey = context.alpha().lastRequest().headers("Sec-WebSocket-Key");
        assertThat(browserKey).isNotBlank();
        assertThat(upstreamKey).hasSize(1);
        return upstreamKey.get(0).equals(browserKey);
    }

    /** The byte relay sends the browser's query upstream as it came, even where {@link java.net.URI} rejects it. */
    @Test
    default void aQueryWithBrokenPercentEncodingReachesTheUpstreamByteForByte() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES)
                .configure(b -> b.webSocket(WebSocketSettings.builder().shutdownDrain(Duration.ZERO).build()));
        try (EagerSocketUpstream eager = EagerSocketUpstream.start("hello")) {
            context.resolver().put("eager", Target.strip(eager.uri()));
            try (RawWebSocket raw = RawWebSocket.open(context, "eager", "/__ide/eager/ws?a=%zz&b=1%")) {
                assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("hello")));
            }
            assertThat(eager.requestLines()).containsExactly("GET /ws?a=%zz&b=1% HTTP/1.1");
        }
    }

    /**
     * {@code WebSocketSettings.Compression.NONE}, the default: the browser's {@code permessage-deflate} offer does not
     * reach the upstream, so the two speak uncompressed and the size limit counts what the upstream gets.
     */
    @Test
    default void byDefaultCompressionIsNotNegotiatedThroughTheRelay() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.openOffering(context, "/__ide/alpha/ws/echo",
                "permessage-deflate; client_max_window_bits")) {
            assertThat(raw.handshakeResponse().toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
            raw.out().write(RawWebSocket.maskedFrame(0x1, text("plain")));
            raw.out().flush();
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("plain")));
        }
        assertThat(context.alpha().lastRequest().header("Sec-WebSocket-Extensions")).isNull();
    }

    /**
     * {@code PERMESSAGE_DEFLATE}: the offer reaches the upstream and both compress, end to end; what the browser's
     * messages inflate to is counted, so a small frame that inflates past the limit closes the socket with 1009 and
     * never reaches the upstream.
     */
    @Test
    default void withPermessageDeflateMessagesAreCountedAsTheyInflate() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES).configure(b -> b.webSocket(
                WebSocketSettings.builder().compression(WebSocketSettings.Compression.PERMESSAGE_DEFLATE)
                        .maxMessageSize(64 * 1024).build()));
        try (RawWebSocket raw = RawWebSocket.openOffering(context, "/__ide/alpha/ws/echo", "permessage-deflate")) {
            assertThat(raw.handshakeResponse()).contains("permessage-deflate");
            Deflater browser = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater fromServer = new Inflater(true);
            raw.out().write(RawWebSocket.compressedMaskedFrame(browser, 0x1, text("compressed both ways")));
            raw.out().flush();
            byte[] echo = raw.readFrame();
            assertThat(echo[0] & 0x40).as("the upstream's echo is compressed (RSV1)").isNotZero();
            assertThat(RawWebSocket.inflate(fromServer, echo)).isEqualTo(text("compressed both ways"));
            byte[] bomb = RawWebSocket.compressedMaskedFrame(browser, 0x1, text("a".repeat(4 * 1024 * 1024)));
            assertThat(bomb.length).as("4 MiB of text, compressed").isLessThan(16 * 1024);
            raw.out().write(bomb);
            raw.out().flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1009);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(1009), Duration.ofSeconds(10),
                () -> "the upstream to see 1009; it saw " + alpha.sockets().closeCodes());
        assertThat(alpha.sockets().texts()).as("what reached the upstream").containsExactly("compressed both ways");
    }

    /**
     * With compression negotiated, RSV1 marks a message's first frame and nothing else (RFC 7692 §6.1): on a control
     * frame it closes both sides with 1002, as any other RSV bit does.
     */
    @Test
    default void withPermessageDeflateReservedBitsOnAControlFrameClose1002() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES).configure(b -> b.webSocket(
                WebSocketSettings.builder().compression(WebSocketSettings.Compression.PERMESSAGE_DEFLATE).build()));
        try (RawWebSocket raw = RawWebSocket.openOffering(context, "/__ide/alpha/ws/echo", "permessage-deflate")) {
            byte[] ping = RawWebSocket.maskedFrame(0x9, text("ping"));
            ping[0] |= 0x40;
            raw.out().write(ping);
            raw.out().flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1002);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(1002), Duration.ofSeconds(10),
                () -> "the upstream to see 1002; it saw " + alpha.sockets().closeCodes());
        Await.until(() -> !context.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10), "close event");
        assertThat(context.events().of(SocketClosed.class).get(0).closedBy()).as("refused by the proxy, not the upstream")
                .isEqualTo(SocketClosed.Side.PROXY);
    }

    @Test
    default void framesWrittenOneByteAtATimeArriveWhole() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            byte[] frame = RawWebSocket.maskedFrame(0x1, "split everywhere".getBytes(StandardCharsets.UTF_8));
            for (byte b : frame) {
                raw.out().write(b);
                raw.out().flush();
            }
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, "split everywhere".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * A client that does not wait for the 101 (RFC 6455 §4.1 says it must) sends frames that the container reads
     * together with the handshake: they are relayed first, in order, before what comes after the upgrade.
     */
    @Test
    default void framesSentWithTheHandshakeReachTheUpstreamFirstAndInOrder() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        early.writeBytes(RawWebSocket.maskedFrame(0x1, text("first")));
        early.writeBytes(RawWebSocket.maskedFrame(0x1, text("second")));
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo", early.toByteArray())) {
            raw.out().write(RawWebSocket.maskedFrame(0x1, text("third")));
            raw.out().flush();
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("first")));
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("second")));
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("third")));
        }
    }

    /**
     * Once a pair is relayed, nothing of the upstream handshake's HTTP exchange stays referenced: over TLS the client
     * connection's parser, request and response (about 3 KiB a pair, which a pending request timeout kept for the
     * whole connect timeout); with a plain upstream devproxy's own handshake, with its 8 KiB read buffer (which the
     * parsed headers kept, their fields referring to the parser). Counted in this JVM's class histogram, with many
     * pairs open.
     */
    @Test
    default void anOpenPairKeepsNothingOfItsUpstreamHandshake() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES)
                .configure(b -> b.connectTimeout(Duration.ofSeconds(60)));
        String connection = "org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP";
        String ownHandshake = "dev.devproxy.internal.ws.loop.UpstreamHandshake";
        context.sessionCookie("alpha");
        long before = ClassHistogram.instances(connection);
        long handshakesBefore = ClassHistogram.instances(ownHandshake);
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo");
                open.add(raw);
                raw.out().write(RawWebSocket.maskedFrame(0x1, text("pair " + i)));
                raw.out().flush();
                assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text("pair " + i)));
            }
            assertThat(ClassHistogram.instances(connection) - before)
                    .as("upstream HTTP client connections still referenced with 40 pairs open").isLessThan(5);
            assertThat(ClassHistogram.instances(ownHandshake) - handshakesBefore)
                    .as("devproxy's own upstream handshakes still referenced with 40 pairs open").isLessThan(5);
        } finally {
            for (RawWebSocket raw : open) {
                raw.close();
            }
        }
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    default void afterTheCloseHandshakeTheProxyClosesBothConnections() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8})); // close 1000
            raw.out().flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1000);
            assertThat(raw.in().read()).as("the proxy closed the connection (RFC 6455 §7.1.1: the server first)")
                    .isEqualTo(-1);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().openSessions() == 0, Duration.ofSeconds(10), "the upstream socket closed");
        DevProxy proxy = context.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }

    /** The browser never answers the proxy's close: the connection is closed anyway, from the proxy's own timer. */
    @Test
    default void aBrowserThatNeverAnswersTheCloseIsDisconnectedAfterTheCloseHandshakeTimeout() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            context.alpha().close();
            byte[] close = raw.readFrame();
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1011);
            long start = System.nanoTime();
            assertThat(raw.in().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        }
        DevProxy proxy = context.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }

    /**
     * A browser that reads nothing while the upstream keeps sending: once the proxy's write to it has waited for
     * the whole idle timeout, the upstream is sent 1011 and both connections are released. What the upstream
     * reports depends on the wiring: where the stalled write can be abandoned (Jetty, and Tomcat through its adapter,
     * which writes without blocking) the relay reads on, the upstream's close handshake completes and it reports
     * 1011; where the browser's side is the Servlet API's blocking upgraded stream (Tomcat without the adapter) the
     * write cannot be abandoned, so the upstream's reply is never read and it reports 1006 once the close handshake
     * timeout releases the pair.
     */
    @Test
    default void aBrowserThatStopsReadingIsDisconnectedAndTheUpstreamReleased() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES)
                .configure(b -> b.webSocket(WebSocketSettings.builder()
                        .pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(1)).build()));
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/firehose?messages=2000&size=1048576")) {
            FakeUpstream alpha = context.alpha();
            Await.until(() -> !alpha.sockets().closeCodes().isEmpty(), Duration.ofSeconds(30),
                    "the upstream socket closed");
            assertThat(alpha.sockets().closeCodes()).containsAnyOf(1011, 1006);
            DevProxy proxy = context.proxy();
            Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
            assertThat(alpha.sockets().firehoseSent()).as("1 MiB messages sent before the browser was given up")
                    .isLessThan(2000);
            Await.until(() -> !context.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10),
                    "the close reported");
            SocketClosed closed = context.events().of(SocketClosed.class).get(0);
            assertThat(closed.upstreamCloseCode()).isEqualTo(1011);
            assertThat(closed.closedBy()).isEqualTo(SocketClosed.Side.PROXY);
        }
    }

    /**
     * A close frame without a status code (a bare {@code close()}) reaches the upstream without one: it reports "no
     * status" (1005), not a normal closure (1000) the browser never sent. (The frame relay's side of this depends on the
     * container's Jakarta WebSocket server: see the frame relay tests of each adapter.)
     */
    @Test
    default void aBrowserCloseWithoutAStatusCodeReachesTheUpstreamWithoutOne() throws Exception {
        assertThat(BareClose.fromBrowserAsTheUpstreamSawIt(conformance().relaying(WebSocketSettings.Relaying.BYTES)))
                .isEqualTo(1005);
    }

    /**
     * The upstream's close frame without a status code reaches the browser without one, so the browser reports 1005
     * ("no status"), not 1000. (The frame relay sends 1000 there: the Jakarta API cannot send a close without a code.)
     */
    @Test
    default void anUpstreamCloseWithoutAStatusCodeReachesTheBrowserWithoutOne() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            raw.out().write(RawWebSocket.maskedFrame(0x1, text("close")));
            raw.out().flush();
            assertThat(raw.readFrame()).as("a close frame with an empty body").containsExactly(0x88, 0x00);
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[0]));
            raw.out().flush();
        }
        DevProxy proxy = context.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
        Await.until(() -> !context.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10), "close event");
        assertThat(context.events().of(SocketClosed.class).get(0).upstreamCloseCode()).isEqualTo(1005);
    }

    @Test
    default void anUnmaskedFrameFromTheBrowserClosesBothSidesWith1002() throws Exception {
        ConformanceContext context = conformance().relaying(WebSocketSettings.Relaying.BYTES);
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            raw.out().write(RawWebSocket.unmaskedFrame(0x1, "not masked".getBytes(StandardCharsets.UTF_8)));
            raw.out().flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1002);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(1002), Duration.ofSeconds(10),
                () -> "the upstream to see 1002; it saw " + alpha.sockets().closeCodes() + ", the proxy reported "
                        + context.events().of(SocketClosed.class));
        Await.until(() -> !context.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10), "close event");
        assertThat(context.events().of(SocketClosed.class).get(0).closedBy()).isEqualTo(SocketClosed.Side.PROXY);
        assertThat(alpha.sockets().texts()).as("nothing of the bad frame reached the upstream").isEmpty();
    }
}

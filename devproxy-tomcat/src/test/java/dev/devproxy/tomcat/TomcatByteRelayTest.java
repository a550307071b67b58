package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.SocketProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only the byte relay does, on the container where it is the default: the browser's own handshake reaches
 * the upstream, frame headers split across reads are reassembled, and a frame that breaks RFC 6455 closes both
 * sides with 1002. The behaviour both relays share is the conformance suite's.
 */
class TomcatByteRelayTest {
    private ConformanceContext context;

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void byDefaultTomcatForwardsTheBrowsersHandshakeKey() throws Exception {
        assertThat(upstreamSeesTheBrowsersKey(null)).isTrue();
    }

    @Test
    void withFramesTheUpstreamHandshakeIsTheProxysOwn() throws Exception {
        assertThat(upstreamSeesTheBrowsersKey(WebSocketSettings.Relaying.FRAMES)).isFalse();
    }

    private boolean upstreamSeesTheBrowsersKey(WebSocketSettings.Relaying relaying) throws Exception {
        context = new ConformanceContext(TomcatServers::start);
        if (relaying != null) {
            context.relaying(relaying);
        }
        SocketProbe socket = context.openSocket("/__ide/alpha/ws/echo", context.sessionCookie("alpha"));
        socket.send("hi");
        assertThat(socket.nextText()).isEqualTo("hi");
        String browserKey = socket.session().getUpgradeRequest().getHeader("Sec-WebSocket-Key");
        List<String> upstreamKey = context.alpha().lastRequest().headers("Sec-WebSocket-Key");
        assertThat(browserKey).isNotBlank();
        assertThat(upstreamKey).hasSize(1);
        return upstreamKey.get(0).equals(browserKey);
    }

    @Test
    void framesWrittenOneByteAtATimeArriveWhole() throws Exception {
        context = new ConformanceContext(TomcatServers::start);
        try (RawSocket raw = RawSocket.open(context, "/__ide/alpha/ws/echo")) {
            byte[] frame = maskedFrame(0x1, "split everywhere".getBytes(StandardCharsets.UTF_8));
            for (byte b : frame) {
                raw.out.write(b);
                raw.out.flush();
            }
            assertThat(raw.readFrame()).isEqualTo(unmaskedFrame(0x1, "split everywhere".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void afterTheCloseHandshakeTheProxyClosesBothConnections() throws Exception {
        context = new ConformanceContext(TomcatServers::start);
        try (RawSocket raw = RawSocket.open(context, "/__ide/alpha/ws/echo")) {
            raw.out.write(maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8})); // close 1000
            raw.out.flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1000);
            assertThat(raw.in.read()).as("the proxy closed the connection (RFC 6455 §7.1.1: the server first)")
                    .isEqualTo(-1);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().openSessions() == 0, Duration.ofSeconds(10), "the upstream socket closed");
        assertThat(context.proxy().openSockets()).isZero();
    }

    /** The browser never answers the proxy's close: the connection is closed anyway, from the proxy's own timer. */
    @Test
    void aBrowserThatNeverAnswersTheCloseIsDisconnectedAfterTheCloseHandshakeTimeout() throws Exception {
        context = new ConformanceContext(TomcatServers::start);
        try (RawSocket raw = RawSocket.open(context, "/__ide/alpha/ws/echo")) {
            context.alpha().close();
            byte[] close = raw.readFrame();
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1011);
            long start = System.nanoTime();
            assertThat(raw.in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        }
        DevProxy proxy = context.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }

    @Test
    void anUnmaskedFrameFromTheBrowserClosesBothSidesWith1002() throws Exception {
        context = new ConformanceContext(TomcatServers::start);
        try (RawSocket raw = RawSocket.open(context, "/__ide/alpha/ws/echo")) {
            raw.out.write(unmaskedFrame(0x1, "not masked".getBytes(StandardCharsets.UTF_8)));
            raw.out.flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1002);
        }
        FakeUpstream alpha = context.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(1002), Duration.ofSeconds(10),
                "the upstream to see 1002");
        Await.until(() -> !context.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10), "close event");
        assertThat(context.events().of(SocketClosed.class).get(0).closedBy()).isEqualTo("proxy");
        assertThat(alpha.sockets().texts()).as("nothing of the bad frame reached the upstream").isEmpty();
    }

    /** A browser's socket spoken by hand: the upgrade, then raw frames. */
    private static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        private RawSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static RawSocket open(ConformanceContext context, String path) throws Exception {
            Socket socket = new Socket("127.0.0.1", context.port());
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            RawSocket raw = new RawSocket(socket);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + context.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Origin: " + context.uri() + "\r\nCookie: " + context.sessionCookie("alpha") + "\r\n\r\n";
            raw.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            raw.out.flush();
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 101");
            return raw;
        }

        String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("ended inside the response head: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** One unmasked frame with a payload under 126 bytes, as the proxy sends it. */
        byte[] readFrame() throws IOException {
            byte[] header = in.readNBytes(2);
            byte[] payload = in.readNBytes(header[1] & 0x7F);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(header);
            frame.writeBytes(payload);
            return frame.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    private static byte[] unmaskedFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(payload.length);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }
}

package dev.devproxy.internal.ws.bytes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Caller;
import dev.devproxy.DevProxyListener;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.adapter.Wire;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.internal.ws.LivePair;
import dev.devproxy.internal.ws.loop.RelayLoop;
import dev.devproxy.spi.IssuedCredential;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The byte relay and its two directions ({@link RelayDirection}) against fake wires, beside the end-to-end suite:
 * what reaches each side byte for byte, how a frame header split across reads waits for the rest, how a write that
 * cannot complete parks the source until it does, where a frame of the relay's own goes in, and how closes cross
 * and end the pair once.
 */
class ByteRelayTest {
    private static final WorkspaceId WORKSPACE = WorkspaceId.of("ws");
    private static final long MAX_MESSAGE = 64;

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));
    private final RelayLoop loop = new RelayLoop("test-relay-loop");
    private final CompletableFuture<SocketClosed> closed = new CompletableFuture<>();
    private final AtomicInteger closeReports = new AtomicInteger();
    private final CompletableFuture<LivePair> released = new CompletableFuture<>();
    private final FakeWire browser = new FakeWire();
    private final FakeWire upstream = new FakeWire();
    private ByteRelay relay;

    @BeforeEach
    void open() {
        DevProxyListener listener = new DevProxyListener() {
            @Override
            public void socketClosed(SocketClosed event) {
                closeReports.incrementAndGet();
                closed.complete(event);
            }
        };
        relay = new ByteRelay(7, exchange(), MAX_MESSAGE, Duration.ofSeconds(30), Duration.ZERO, listener,
                released::complete, writer, loop);
        relay.upstreamConnected(upstream, "", Optional.empty());
        relay.browserOpened(browser);
    }

    @AfterEach
    void stop() {
        writer.shutdownNow();
        loop.close();
    }

    @Test
    void bothWiresStartOnceBothAreConnected() {
        assertThat(browser.started).isTrue();
        assertThat(upstream.started).isTrue();
    }

    @Test
    void framesCrossByteForByteInBothDirections() throws Exception {
        byte[] fromBrowser = frame(0x1, text("hi"), true);
        assertThat(relay.fromBrowser(ByteBuffer.wrap(fromBrowser))).isTrue();
        assertThat(upstream.next()).isEqualTo(fromBrowser);
        byte[] fromUpstream = frame(0x2, new byte[] {1, 2, 3}, false);
        assertThat(relay.fromUpstream(ByteBuffer.wrap(fromUpstream))).isTrue();
        assertThat(browser.next()).isEqualTo(fromUpstream);
    }

    @Test
    void aFrameHeaderSplitAcrossReadsWaitsInTheBufferForTheRest() throws Exception {
        byte[] whole = frame(0x1, text("split"), true);
        ByteBuffer first = ByteBuffer.wrap(Arrays.copyOf(whole, 1));
        assertThat(relay.fromBrowser(first)).isTrue();
        assertThat(first.remaining()).as("the incomplete header stays for the next read").isEqualTo(1);
        assertThat(upstream.written).isEmpty();
        assertThat(relay.fromBrowser(ByteBuffer.wrap(whole))).isTrue();
        assertThat(upstream.next()).isEqualTo(whole);
    }

    @Test
    void aWriteTheSinkCannotFinishParksTheSourceUntilItCompletes() throws Exception {
        upstream.holdWrites = true;
        byte[] message = frame(0x1, text("held"), true);
        ByteBuffer bytes = ByteBuffer.wrap(message);
        assertThat(relay.fromBrowser(bytes)).as("the source must wait").isFalse();
        assertThat(browser.resumes.get()).isZero();
        upstream.holdWrites = false;
        upstream.completeHeld();
        assertThat(browser.resumes.get()).as("resumed once the write completed").isEqualTo(1);
        assertThat(relay.fromBrowser(bytes)).as("the same bytes, handed over again").isTrue();
        byte[] next = frame(0x1, text("next"), true);
        assertThat(relay.fromBrowser(ByteBuffer.wrap(next))).isTrue();
        assertThat(upstream.next()).isEqualTo(message);
        assertThat(upstream.next()).as("nothing written twice").isEqualTo(next);
    }

    @Test
    void aPingOfTheRelaysOwnWaitsForTheEndOfTheFrameUnderWay() throws Exception {
        byte[] whole = frame(0x1, text("a frame in two reads"), true);
        int half = 8;
        ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(whole, half));
        assertThat(relay.fromBrowser(bytes)).isTrue();
        assertThat(upstream.next()).isEqualTo(Arrays.copyOf(whole, half));
        relay.ping();
        assertThat(parse(browser.next()).opcode).as("towards the browser, between frames: at once").isEqualTo(0x9);
        assertThat(upstream.written.poll(300, TimeUnit.MILLISECONDS)).as("not inside the browser's frame").isNull();
        assertThat(relay.fromBrowser(ByteBuffer.wrap(whole, half, whole.length - half))).isTrue();
        assertThat(upstream.next()).isEqualTo(Arrays.copyOfRange(whole, half, whole.length));
        Frame ping = parse(upstream.next());
        assertThat(ping.opcode).isEqualTo(0x9);
        assertThat(ping.masked).as("towards the upstream, masked as a client's").isTrue();
    }

    @Test
    void aCloseFromTheBrowserCrossesAndThePairEndsOnceWithBothCodes() throws Exception {
        assertThat(relay.fromBrowser(ByteBuffer.wrap(frame(0x8, close(1000, "bye"), true)))).isTrue();
        Frame forwarded = parse(upstream.next());
        assertThat(forwarded.opcode).isEqualTo(0x8);
        assertThat(forwarded.masked).isTrue();
        assertThat(forwarded.payload).isEqualTo(close(1000, "bye"));
        Frame answered = parse(browser.next());
        assertThat(answered.opcode).isEqualTo(0x8);
        assertThat(answered.payload).isEqualTo(close(1000, "bye"));
        assertThat(closed).as("the upstream has not answered yet").isNotDone();
        assertThat(relay.fromUpstream(ByteBuffer.wrap(frame(0x8, close(1000, "bye"), false)))).isTrue();
        SocketClosed event = closed.get(5, TimeUnit.SECONDS);
        assertThat(event.browserCloseCode()).isEqualTo(1000);
        assertThat(event.upstreamCloseCode()).isEqualTo(1000);
        assertThat(event.closedBy()).isEqualTo(SocketClosed.Side.BROWSER);
        assertThat(released.get(5, TimeUnit.SECONDS)).isSameAs(relay);
        assertThat(browser.closed).isTrue();
        assertThat(upstream.closed).isTrue();
        relay.closeBoth(1001, "later");
        assertThat(closeReports.get()).as("reported once").isEqualTo(1);
    }

    @Test
    void aBrowserThatVanishesIsReported1006AndTheUpstreamTold1001() throws Exception {
        relay.browserEnded();
        Frame told = parse(upstream.next());
        assertThat(told.opcode).isEqualTo(0x8);
        assertThat(code(told.payload)).isEqualTo(1001);
        relay.fromUpstream(ByteBuffer.wrap(frame(0x8, close(1001, ""), false)));
        SocketClosed event = closed.get(5, TimeUnit.SECONDS);
        assertThat(event.browserCloseCode()).isEqualTo(1006);
        assertThat(event.upstreamCloseCode()).isEqualTo(1001);
    }

    @Test
    void aMessageOverTheLimitIsNotForwardedAndClosesBothWith1009() throws Exception {
        byte[] tooBig = frame(0x2, new byte[(int) MAX_MESSAGE + 1], true);
        relay.fromBrowser(ByteBuffer.wrap(tooBig));
        Frame toUpstream = parse(upstream.next());
        assertThat(toUpstream.opcode).as("no byte of the message, only the close").isEqualTo(0x8);
        assertThat(code(toUpstream.payload)).isEqualTo(1009);
        Frame toBrowser = parse(browser.next());
        assertThat(toBrowser.opcode).isEqualTo(0x8);
        assertThat(code(toBrowser.payload)).isEqualTo(1009);
    }

    @Test
    void anUnmaskedFrameFromTheBrowserIsAProtocolError() throws Exception {
        relay.fromBrowser(ByteBuffer.wrap(frame(0x1, text("unmasked"), false)));
        Frame toBrowser = parse(browser.next());
        assertThat(toBrowser.opcode).isEqualTo(0x8);
        assertThat(code(toBrowser.payload)).isEqualTo(1002);
        assertThat(parse(upstream.next()).opcode).as("nothing of the frame went upstream").isEqualTo(0x8);
    }

    private static Exchange exchange() {
        return new Exchange(WORKSPACE, new Caller("alice", WORKSPACE, Instant.now().plusSeconds(3600)),
                new IssuedCredential("credential", "alice", WORKSPACE, Instant.now()), false,
                Target.strip(URI.create("http://127.0.0.1:9")), HeaderPolicy.defaults(), "/__ide/ws", "/", null,
                new BrowserOrigin("http", "localhost", 80), System.nanoTime());
    }

    /** A wire that records what it is given; its writes complete at once unless held. */
    private static final class FakeWire implements Wire {
        final LinkedBlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
        final AtomicInteger resumes = new AtomicInteger();
        volatile boolean holdWrites;
        volatile boolean started;
        volatile boolean closed;
        private ByteBuffer held;
        private Completion heldDone;

        @Override
        public synchronized boolean write(ByteBuffer bytes, Completion whenDone) {
            if (holdWrites) {
                held = bytes;
                heldDone = whenDone;
                return false;
            }
            take(bytes);
            return true;
        }

        private void take(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            written.add(copy);
        }

        void completeHeld() {
            Completion done;
            synchronized (this) {
                take(held);
                done = heldDone;
                held = null;
            }
            done.written();
        }

        byte[] next() throws InterruptedException {
            byte[] bytes = written.poll(5, TimeUnit.SECONDS);
            assertThat(bytes).as("a write within 5 s").isNotNull();
            return bytes;
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public void resume() {
            resumes.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private record Frame(int opcode, boolean masked, byte[] payload) {
    }

    private static Frame parse(byte[] frame) {
        int opcode = frame[0] & 0x0f;
        boolean masked = (frame[1] & 0x80) != 0;
        int length = frame[1] & 0x7f;
        int at = 2;
        if (length == 126) {
            length = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            at = 4;
        }
        byte[] mask = masked ? Arrays.copyOfRange(frame, at, at + 4) : null;
        at += masked ? 4 : 0;
        byte[] payload = Arrays.copyOfRange(frame, at, at + length);
        for (int i = 0; masked && i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(opcode, masked, payload);
    }

    private static byte[] frame(int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write((masked ? 0x80 : 0) | payload.length);
        } else {
            out.write((masked ? 0x80 : 0) | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            out.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    private static byte[] close(int code, String reason) {
        byte[] text = text(reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    private static int code(byte[] payload) {
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

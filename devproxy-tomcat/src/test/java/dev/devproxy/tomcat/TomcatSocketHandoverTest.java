package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.TestResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What handing a WebSocket's socket over from Tomcat's connector to devproxy's relay loop changes, and what it must
 * not: Tomcat's workers no longer read the socket, and Tomcat gets every connection back however the pair ends (a
 * connection it never counted down would, at {@code maxConnections}, stop it accepting any). Each test also runs on
 * the sockets kept on Tomcat's connector, which shows that the measure tells the two apart.
 */
class TomcatSocketHandoverTest {
    private static final int ROUND_TRIPS = 200;
    private static final int MAX_CONNECTIONS = 4;

    private TomcatServers.Started tomcat;
    private ConformanceContext context;

    @AfterEach
    void close() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aHandedOverSocketIsNotReadByTomcatsWorkers() throws Exception {
        assertThat(tomcatTasksDuringRoundTrips(TomcatServers.Wiring.HAND_OVER))
                .as("tasks Tomcat's executor ran during %d round trips", ROUND_TRIPS).isLessThan(ROUND_TRIPS / 10);
    }

    @Test
    void aSocketKeptOnTomcatsConnectorIsReadByItsWorkersOncePerMessage() throws Exception {
        assertThat(tomcatTasksDuringRoundTrips(TomcatServers.Wiring.TOMCAT_IO))
                .as("tasks Tomcat's executor ran during %d round trips", ROUND_TRIPS).isGreaterThanOrEqualTo(ROUND_TRIPS);
    }

    @Test
    void anOpenHandedOverPairHoldsNoneOfTomcatsSocketBuffers() throws Exception {
        assertThat(connectionsWithoutSocketBuffersWhilePairsAreOpen(TomcatServers.Wiring.HAND_OVER, 3))
                .as("Tomcat connections whose two socket buffers devproxy took, with 3 pairs open").isEqualTo(3);
    }

    @Test
    void aPairOnTomcatsConnectorKeepsItsSocketBuffers() throws Exception {
        assertThat(connectionsWithoutSocketBuffersWhilePairsAreOpen(TomcatServers.Wiring.TOMCAT_IO, 3))
                .as("Tomcat connections whose two socket buffers devproxy took, with 3 pairs open").isZero();
    }

    @Test
    void everyPairTomcatHandedOverGivesItsConnectionBackHoweverItEnds() throws Exception {
        pairsEndingEveryWayLeaveTomcatAsTheyFoundIt(TomcatServers.Wiring.HAND_OVER);
    }

    @Test
    void everyPairOnTomcatsConnectorGivesItsConnectionBackHoweverItEnds() throws Exception {
        pairsEndingEveryWayLeaveTomcatAsTheyFoundIt(TomcatServers.Wiring.TOMCAT_IO);
    }

    // Round trips one at a time on one socket: on Tomcat's connector each message the browser sends is a read that
    // Tomcat's poller hands to a worker.
    private long tomcatTasksDuringRoundTrips(TomcatServers.Wiring wiring) throws Exception {
        start(wiring);
        ThreadPoolExecutor workers = tomcatWorkers();
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            roundTrip(raw, "warm-up");
            long before = workers.getCompletedTaskCount();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                roundTrip(raw, "message " + i);
            }
            // The echo can arrive before the task that read the message has returned.
            Await.until(() -> workers.getActiveCount() == 0, Duration.ofSeconds(5), "Tomcat's workers idle");
            return workers.getCompletedTaskCount() - before;
        }
    }

    // Opens `pairs` pairs and counts, while they are open, the connections of Tomcat's connector whose read and write
    // buffers (8 KiB each here) have no room left: the hand-over's pairs, whose sockets the relay loop reads.
    private long connectionsWithoutSocketBuffersWhilePairsAreOpen(TomcatServers.Wiring wiring, int pairs)
            throws Exception {
        start(wiring);
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo");
                open.add(raw);
                roundTrip(raw, "pair " + i);
            }
            long withoutBuffers = 0;
            for (SocketWrapperBase<?> connection : endpoint().getConnections()) {
                SocketBufferHandler buffers = connection.getSocketBufferHandler();
                if (buffers.getReadBuffer().capacity() == 0 && buffers.getWriteBuffer().capacity() == 0) {
                    withoutBuffers++;
                }
            }
            return withoutBuffers;
        } finally {
            for (RawWebSocket raw : open) {
                raw.close();
            }
        }
    }

    /**
     * Twelve pairs one after the other, three times as many as the connector allows at once, ending in turn by the
     * browser's close handshake, the browser vanishing, the upstream's close, and the workspace's revocation. A
     * connection Tomcat did not count down would block the later upgrades; after each pair Tomcat's count and its
     * registered upgrade processors must be back where they were. Tomcat keeps a closed connection's channel, socket
     * buffers and all, for the next connection, and the pair's is the one it hands out next: a GET on a new
     * connection after each pair fails if the pair did not get its buffers back.
     */
    private void pairsEndingEveryWayLeaveTomcatAsTheyFoundIt(TomcatServers.Wiring wiring) throws Exception {
        start(wiring, "maxConnections", Integer.toString(MAX_CONNECTIONS));
        AbstractProtocol<?> protocol = (AbstractProtocol<?>) tomcat.connector().getProtocolHandler();
        DevProxy proxy = context.proxy();
        context.sessionCookie("alpha"); // the test client's own connection, kept alive, counts from here on
        long connections = protocol.getConnectionCount();
        int processors = protocol.getWaitingProcessorCount();
        for (int i = 0; i < 3 * MAX_CONNECTIONS; i++) {
            int pair = i;
            try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
                roundTrip(raw, "pair " + pair);
                switch (pair % 4) {
                    case 0 -> closeHandshake(raw, "close 1000 bye");
                    case 1 -> raw.close();
                    case 2 -> closeHandshake(raw, "close 4000 upstream says bye");
                    default -> {
                        assertThat(proxy.closeWorkspace(WorkspaceId.of("alpha"))).isEqualTo(1);
                        assertThat(closeCode(readFrame(raw))).isEqualTo(4410);
                    }
                }
            }
            Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "pair " + pair + " released");
            Await.until(() -> protocol.getConnectionCount() <= connections, Duration.ofSeconds(10),
                    () -> "Tomcat counting " + protocol.getConnectionCount() + " connections after pair " + pair
                            + ", " + connections + " before");
            Await.until(() -> protocol.getWaitingProcessorCount() <= processors, Duration.ofSeconds(10),
                    () -> "Tomcat holding " + protocol.getWaitingProcessorCount() + " upgrade processors after pair "
                            + pair + ", " + processors + " before");
            TestResponse next = context.raw("GET /app/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(next.status()).as("a GET on a new connection after pair %d", pair).isEqualTo(200);
        }
    }

    // The browser sends a close with the echo upstream's "close <code> <reason>" command or a close frame of its own.
    private static void closeHandshake(RawWebSocket raw, String command) throws IOException {
        if (command.startsWith("close 1000")) {
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8}));
        } else {
            raw.out().write(RawWebSocket.maskedFrame(0x1, command.getBytes(StandardCharsets.UTF_8)));
        }
        raw.out().flush();
        byte[] close = readFrame(raw);
        assertThat(close[0] & 0x0F).as("opcode of the proxy's answer").isEqualTo(0x8);
        if (!command.startsWith("close 1000")) {
            // The upstream closed first: the browser answers, as a browser does.
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[] {close[2], close[3]}));
            raw.out().flush();
        }
        assertThat(raw.in().read()).as("the proxy closed the connection").isEqualTo(-1);
    }

    private static byte[] readFrame(RawWebSocket raw) throws IOException {
        try {
            return raw.readFrame();
        } catch (SocketException e) {
            throw new AssertionError("the connection failed before a close frame arrived", e);
        }
    }

    private static int closeCode(byte[] frame) {
        return ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
    }

    private static void roundTrip(RawWebSocket raw, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        raw.out().write(RawWebSocket.maskedFrame(0x1, payload));
        raw.out().flush();
        assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, payload));
    }

    // Tomcat's NIO endpoint, which knows every open connection (the protocol keeps it to itself).
    private AbstractEndpoint<?, ?> endpoint() throws ReflectiveOperationException {
        Method endpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
        endpoint.setAccessible(true);
        return (AbstractEndpoint<?, ?>) endpoint.invoke(tomcat.connector().getProtocolHandler());
    }

    private ThreadPoolExecutor tomcatWorkers() {
        Executor executor = tomcat.connector().getProtocolHandler().getExecutor();
        assertThat(executor).as("Tomcat's own worker pool").isInstanceOf(ThreadPoolExecutor.class);
        return (ThreadPoolExecutor) executor;
    }

    private void start(TomcatServers.Wiring wiring, String... connectorProperties) throws Exception {
        context = new ConformanceContext(proxy -> {
            tomcat = TomcatServers.start(wiring, connector -> {
                for (int i = 0; i < connectorProperties.length; i += 2) {
                    connector.setProperty(connectorProperties[i], connectorProperties[i + 1]);
                }
            }, proxy);
            return tomcat;
        }).configure(b -> b.webSocket(WebSocketSettings.builder().relaying(WebSocketSettings.Relaying.BYTES).build()));
        context.proxy();
    }
}

package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What taking the browser's socket over through Tomcat's own upgrade interface buys over the Servlet API's upgraded
 * streams (which devproxy no longer uses): a slow socket on either side holds no thread. Each test samples every
 * thread of the JVM while one side of a byte-relayed pair reads nothing, and fails if any thread waits inside the
 * relay's code; on the Servlet API's path one always did (a blocked write, or a read listener that waited for the
 * upstream).
 */
class TomcatUpgradeTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    private final ConformanceContext context = new ConformanceContext(server())
            .relaying(WebSocketSettings.Relaying.BYTES)
            .configure(b -> b.webSocket(WebSocketSettings.builder().relaying(WebSocketSettings.Relaying.BYTES)
                    .pingInterval(Duration.ofMillis(200)).idleTimeout(IDLE_TIMEOUT).build()));

    /**
     * The server under test: the adapter's default, with the socket handed over to devproxy's relay loop;
     * {@link TomcatIoUpgradeTest} keeps it on Tomcat's connector. (The Servlet API's path, removed since, was checked
     * by overriding this by hand, to see the tests fail there.)
     */
    ProxyServer server() {
        return TomcatServers::start;
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void aBrowserThatStopsReadingHoldsNoThreadAndIsGivenUpWith1011() throws Exception {
        Set<String> waiting = new TreeSet<>();
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/firehose?messages=2000&size=1048576")) {
            FakeUpstream alpha = context.alpha();
            Await.until(() -> {
                waiting.addAll(threadsWaitingInTheRelay());
                return !alpha.sockets().closeCodes().isEmpty();
            }, Duration.ofSeconds(30), "the upstream socket closed");
            // The write to the browser was abandoned, not blocked on: the relay read on to the upstream's close reply.
            assertThat(alpha.sockets().closeCodes()).containsExactly(1011);
        }
        assertThat(waiting).as("threads that waited inside the relay while the browser read nothing").isEmpty();
        DevProxy proxy = context.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }

    @Test
    void anUpstreamThatStopsReadingHoldsNoContainerThread() throws Exception {
        Set<String> waiting = new TreeSet<>();
        AtomicLong sent = new AtomicLong();
        DevProxy proxy = context.proxy();
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/paused")) {
            Thread browser = new Thread(() -> sendUntilBlocked(raw.out(), sent), "browser sending to a paused upstream");
            browser.setDaemon(true);
            browser.start();
            long[] last = {-1, System.nanoTime()};
            Await.until(() -> {
                waiting.addAll(threadsWaitingInTheRelay());
                long now = sent.get();
                if (now != last[0]) {
                    last[0] = now;
                    last[1] = System.nanoTime();
                    return false;
                }
                return now > 0 && System.nanoTime() - last[1] > Duration.ofMillis(500).toNanos();
            }, Duration.ofSeconds(30), "the browser's writes to stop making progress");
            Await.until(() -> {
                waiting.addAll(threadsWaitingInTheRelay());
                return proxy.openSockets() == 0;
            }, IDLE_TIMEOUT.multipliedBy(4), "the proxy to give up on the paused upstream");
        }
        SocketClosed closed = context.events().of(SocketClosed.class).get(0);
        assertThat(closed.browserToUpstreamBytes()).as("bytes relayed before the upstream held them back")
                .isGreaterThan(0);
        assertThat(closed.upstreamCloseCode()).as("the stalled upstream, given up").isEqualTo(1011);
        assertThat(sent.get()).as("bytes the browser got rid of before the upstream's backpressure held it")
                .isGreaterThan(0);
        assertThat(waiting).as("threads that waited inside the relay while the upstream read nothing").isEmpty();
    }

    // Masked 32 KiB binary frames, until the socket is closed or the write fails.
    private static void sendUntilBlocked(OutputStream out, AtomicLong sent) {
        byte[] frame = maskedBinaryFrame(32 * 1024);
        try {
            while (true) {
                out.write(frame);
                sent.addAndGet(frame.length);
            }
        } catch (IOException e) {
            // the proxy closed the socket: the test is over
        }
    }

    // A payload length of 126 to 65 535 bytes, in the 16-bit form (RFC 6455 §5.2).
    private static byte[] maskedBinaryFrame(int size) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x82);
        frame.write(0x80 | 126);
        frame.write(size >> 8);
        frame.write(size & 0xFF);
        frame.writeBytes(new byte[4]); // a zero mask: the payload goes out as it is
        frame.writeBytes(new byte[size]);
        return frame.toByteArray();
    }

    // Threads parked (waiting or timed waiting) with a frame of the relay on their stack, by name and frame; state and
    // stack from one snapshot of each thread. A thread closing a channel is left out: the close waits, briefly, for the
    // relay loop's non-blocking read or write on that channel to return (SocketChannelImpl takes both locks).
    private static List<String> threadsWaitingInTheRelay() {
        List<String> found = new ArrayList<>();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (thread.getThreadState() != Thread.State.WAITING && thread.getThreadState() != Thread.State.TIMED_WAITING) {
                continue;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            if (isClosingAChannel(stack)) {
                continue;
            }
            Arrays.stream(stack)
                    .filter(frame -> isRelayCode(frame.getClassName()))
                    .findFirst()
                    .ifPresent(frame -> found.add(thread.getThreadName() + " in " + frame));
        }
        return found;
    }

    private static boolean isClosingAChannel(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("close")
                && frame.getClassName().equals("java.nio.channels.spi.AbstractInterruptibleChannel"));
    }

    // The engine's relay, the adapter seam, and the Tomcat adapter's wires.
    private static boolean isRelayCode(String className) {
        return className.startsWith("dev.devproxy.internal.ws.") || className.startsWith("dev.devproxy.adapter.")
                || className.startsWith("dev.devproxy.tomcat.internal.");
    }
}

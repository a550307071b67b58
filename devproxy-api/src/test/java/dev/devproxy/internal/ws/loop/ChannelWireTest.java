package dev.devproxy.internal.ws.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The byte relay's wire on devproxy's own relay loop, on a real loopback socket: what it hands its relay, in which
 * order and on which thread, how it waits for a socket that cannot take a write, and that every way a socket ends
 * reaches the relay once (or not at all, when the relay closed it itself).
 */
class ChannelWireTest {
    private final RelayLoop loop = new RelayLoop("test-relay-loop");
    private final Recorded events = new Recorded();
    private final AtomicInteger ownerCloses = new AtomicInteger();
    private ServerSocketChannel server;
    private SocketChannel channel;
    private Socket peer;

    @AfterEach
    void stop() throws IOException {
        loop.close();
        if (peer != null) {
            peer.close();
        }
        if (channel != null) {
            channel.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bytesAreHandedToTheRelayInOrderOnTheLoopAfterThoseThatCameWithTheUpgrade() throws Exception {
        ChannelWire wire = open(ByteBuffer.wrap("early ".getBytes(StandardCharsets.UTF_8)));
        wire.start();
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("early ");
        send("hello");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
        send(" again");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo(" again");
        assertThat(events.readThreads).containsOnly("test-relay-loop");
        assertThat(events.ended.getCount()).isEqualTo(1);
    }

    @Test
    void aRelayThatCannotTakeBytesIsHandedTheSameBytesAgainWhenItResumes() throws Exception {
        ChannelWire wire = open(null);
        wire.start();
        send("first");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("first"); // now waiting for readiness
        events.refuseNext.set(true);
        send("held back");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("held back");
        send(" and more");
        assertThat(events.received.poll(300, TimeUnit.MILLISECONDS)).as("nothing read until resumed").isNull();
        wire.resume();
        String again = events.received.poll(5, TimeUnit.SECONDS);
        assertThat(again).startsWith("held back");
        StringBuilder all = new StringBuilder(again);
        while (all.length() < "held back and more".length()) {
            all.append(events.received.poll(5, TimeUnit.SECONDS));
        }
        assertThat(all.toString()).isEqualTo("held back and more");
    }

    @Test
    void aWriteTheSocketCannotTakeCompletesOnceThePeerReads() throws Exception {
        ChannelWire wire = open(null);
        wire.start();
        ByteBuffer big = ByteBuffer.allocate(16 * 1024 * 1024);
        CompletableFuture<String> completed = new CompletableFuture<>();
        boolean now = wire.write(big, completion(completed));
        assertThat(now).as("16 MiB to a peer that reads nothing").isFalse();
        assertThat(completed).isNotDone();
        InputStream in = peer.getInputStream();
        long read = 0;
        byte[] chunk = new byte[64 * 1024];
        while (read < big.capacity()) {
            int n = in.read(chunk);
            assertThat(n).isPositive();
            read += n;
        }
        assertThat(completed.get(5, TimeUnit.SECONDS)).isEqualTo("written on test-relay-loop");
    }

    @Test
    void closingTheWireFailsAWaitingWriteAndClosesThroughTheOwnerButIsNoEnd() throws Exception {
        ChannelWire wire = open(null);
        wire.start();
        CompletableFuture<String> completed = new CompletableFuture<>();
        assertThat(wire.write(ByteBuffer.allocate(16 * 1024 * 1024), completion(completed))).isFalse();
        wire.close();
        wire.close();
        assertThat(completed.get(5, TimeUnit.SECONDS)).startsWith("failed");
        assertThat(ownerCloses.get()).isEqualTo(1);
        assertThat(peer.getInputStream().skip(Long.MAX_VALUE)).isPositive();
        assertThat(peer.getInputStream().read()).as("the peer sees the end").isEqualTo(-1);
        assertThat(events.ended.await(300, TimeUnit.MILLISECONDS)).as("the relay closed it: no end reported").isFalse();
    }

    @Test
    void thePeerClosingIsReportedEndedOnce() throws Exception {
        ChannelWire wire = open(null);
        wire.start();
        peer.close();
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).isTrue();
        wire.ended();
        assertThat(events.endings.get()).isEqualTo(1);
        assertThat(ownerCloses.get()).isEqualTo(1);
    }

    @Test
    void theOwnerClosingWhileTheWireWaitsToBeResumedIsReportedEnded() throws Exception {
        ChannelWire wire = open(null);
        wire.start();
        send("first");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
        events.refuseNext.set(true);
        send("parked");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("parked");
        wire.ended(); // as when the container's connector closes its sockets
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ownerCloses.get()).isEqualTo(1);
    }

    @Test
    void aWireOnAClosedLoopClosesItsSocketAndNeverOpens() throws Exception {
        loop.close();
        ChannelWire wire = connectedWire(null);
        assertThat(wire.open()).isFalse();
        assertThat(events.opened.getCount()).isEqualTo(1);
        assertThat(ownerCloses.get()).isEqualTo(1);
    }

    private Wire.Completion completion(CompletableFuture<String> completed) {
        return new Wire.Completion() {
            @Override
            public void written() {
                completed.complete("written on " + Thread.currentThread().getName());
            }

            @Override
            public void failed(Throwable failure) {
                completed.complete("failed: " + failure);
            }
        };
    }

    private ChannelWire open(ByteBuffer prefilled) throws IOException, InterruptedException {
        ChannelWire wire = connectedWire(prefilled);
        assertThat(wire.open()).isTrue();
        assertThat(events.opened.await(5, TimeUnit.SECONDS)).isTrue();
        return wire;
    }

    private ChannelWire connectedWire(ByteBuffer prefilled) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = new Socket("127.0.0.1", server.socket().getLocalPort());
        peer.setSoTimeout(10_000);
        channel = server.accept();
        channel.configureBlocking(false);
        return new ChannelWire(loop, channel, prefilled, new ArrayByteBufferPool(), events, () -> {
            ownerCloses.incrementAndGet();
            try {
                channel.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private void send(String text) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** What the wire told its relay, and on which threads it read. */
    private static final class Recorded implements WireEvents {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> readThreads = new LinkedBlockingQueue<>();
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicInteger endings = new AtomicInteger();
        final AtomicBoolean refuseNext = new AtomicBoolean();

        @Override
        public void opened(Wire wire) {
            opened.countDown();
        }

        @Override
        public boolean received(ByteBuffer bytes) {
            readThreads.add(Thread.currentThread().getName());
            if (refuseNext.compareAndSet(true, false)) {
                received.add(StandardCharsets.UTF_8.decode(bytes.duplicate()).toString());
                return false; // the bytes stay, and come again on resume
            }
            received.add(StandardCharsets.UTF_8.decode(bytes).toString());
            return true;
        }

        @Override
        public void ended() {
            endings.incrementAndGet();
            ended.countDown();
        }
    }
}

package dev.devproxy.internal.ws.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The byte relay's Jetty wire on Jetty's in-memory endpoint: it must tell its relay whenever the socket ends,
 * also when the socket is closed underneath it while it waits for bytes (a connector that stops), or the pair
 * would stay registered with one side gone.
 */
class EndPointWireTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayEndPoint endPoint = new ByteArrayEndPoint();
    private final Recorded events = new Recorded();

    @AfterEach
    void stop() {
        endPoint.close();
        executor.shutdownNow();
    }

    @Test
    void bytesThatArriveAreHandedToTheRelayInOrder() throws Exception {
        EndPointWire wire = open();
        endPoint.addInput("hello");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
        endPoint.addInput(" again");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo(" again");
        assertThat(events.ended.getCount()).isEqualTo(1);
        wire.close();
    }

    @Test
    void aSocketClosedWhileTheWireAwaitsBytesIsReportedEnded() throws Exception {
        open();
        endPoint.addInput("first");
        assertThat(events.received.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
        endPoint.close(); // not through the wire: as when the container's connector closes its endpoints
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).as("ended() called").isTrue();
    }

    @Test
    void theEndOfTheInputIsReportedEnded() throws Exception {
        open();
        endPoint.addInputEOF();
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).as("ended() called").isTrue();
    }

    private EndPointWire open() {
        EndPointWire wire = new EndPointWire(endPoint, executor, new ArrayByteBufferPool(), events);
        endPoint.setConnection(wire);
        wire.onOpen();
        wire.start();
        return wire;
    }

    /** What the wire told its relay. */
    private static final class Recorded implements WireEvents {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void opened(Wire wire) {
        }

        @Override
        public boolean received(ByteBuffer bytes) {
            received.add(StandardCharsets.UTF_8.decode(bytes).toString());
            return true;
        }

        @Override
        public void ended() {
            ended.countDown();
        }
    }
}

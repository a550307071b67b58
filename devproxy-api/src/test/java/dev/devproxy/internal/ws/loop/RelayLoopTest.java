package dev.devproxy.internal.ws.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The relay loop's own life: one failing socket closes that socket only, and close() leaves no thread behind. */
class RelayLoopTest {

    @Test
    void aSocketWhoseReadinessHandlerFailsIsClosedAndTheLoopGoesOn() throws Exception {
        RelayLoop loop = new RelayLoop("test-relay-loop-failing");
        Pipe pipe = Pipe.open();
        try {
            AtomicInteger closes = new AtomicInteger();
            CountDownLatch closed = new CountDownLatch(1);
            RelayLoop.Ready failing = new RelayLoop.Ready() {
                @Override
                public void ready(int readyOps) {
                    throw new IllegalStateException("a bug in one pair");
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                    try {
                        pipe.source().close();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    closed.countDown();
                }
            };
            pipe.source().configureBlocking(false);
            CountDownLatch registered = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    pipe.source().register(loop.selector(), SelectionKey.OP_READ, failing);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                registered.countDown();
            });
            assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();

            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

            assertThat(closed.await(5, TimeUnit.SECONDS)).as("the failing socket closed").isTrue();
            CountDownLatch stillRunning = new CountDownLatch(1);
            assertThat(loop.execute(stillRunning::countDown)).isTrue();
            assertThat(stillRunning.await(5, TimeUnit.SECONDS)).as("the loop runs on for the other pairs").isTrue();
            assertThat(closes).hasValue(1);
        } finally {
            pipe.sink().close();
            pipe.source().close();
            loop.close();
        }
    }

    @Test
    void closeReturnsOnceTheLoopsThreadHasEnded() {
        RelayLoop loop = new RelayLoop("test-relay-loop-stopping");
        assertThat(threadNamed("test-relay-loop-stopping")).as("running").isTrue();
        // The loop is busy when it is told to stop (a batch of ready sockets, say): it ends only after that.
        long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        loop.execute(() -> {
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
        });

        loop.close();

        assertThat(threadNamed("test-relay-loop-stopping")).as("no thread left behind").isFalse();
        assertThat(loop.execute(() -> { })).as("a closed loop takes no task").isFalse();
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}

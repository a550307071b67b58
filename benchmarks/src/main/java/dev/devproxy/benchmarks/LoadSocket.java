package dev.devproxy.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One of the load client's WebSockets. It checks every echoed message against the next sequence number
 * it expects (through the shared {@link StreamCheck}) and tells its workload, which decides what to send
 * next. Echoes arrive on Jetty's threads, one at a time per socket.
 */
public final class LoadSocket implements Session.Listener.AutoDemanding {
    private final StreamCheck check;
    private final Consumer<LoadSocket> onEcho;
    final CountDownLatch pong = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private volatile Session session;
    private long expected;
    /** The next sequence number to send; only the workload's sending path touches it. */
    long nextToSend;
    /** When the message now awaited was sent (request/response workload). */
    volatile long sentNanos;
    /** Messages sent and not yet echoed. */
    final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    LoadSocket(StreamCheck check, Consumer<LoadSocket> onEcho) {
        this.check = check;
        this.onEcho = onEcho;
    }

    Session session() {
        return session;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        expected = check.received(expected, Frames.sequence(message), Frames.intact(message));
        outstanding.decrementAndGet();
        onEcho.accept(this);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        expected = check.received(expected, Frames.sequence(payload), Frames.intact(payload));
        callback.succeed();
        outstanding.decrementAndGet();
        onEcho.accept(this);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        pong.countDown();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        closed.countDown();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.countDown();
    }

    // The sends below are synchronized: a workload sends from its own thread (the first window) and from the
    // socket's reader (after each echo) at once, and a sequence number taken by one thread could otherwise reach
    // the wire after a later one taken by the other. A DIRECT run counted 2 such "misordered" echoes.

    /** Sends text message {@code nextToSend} of {@code size} characters. */
    synchronized void sendText(int size) {
        long seq = nextToSend++;
        outstanding.incrementAndGet();
        check.sent();
        sentNanos = System.nanoTime();
        session.sendText(Frames.text(seq, size), Callback.NOOP);
    }

    /** Sends binary message {@code nextToSend} of {@code size} bytes. */
    synchronized void sendBinary(int size, byte[] filler) {
        long seq = nextToSend++;
        outstanding.incrementAndGet();
        check.sent();
        session.sendBinary(Frames.binary(seq, size, filler), Callback.NOOP);
    }

    /**
     * Sends message {@code nextToSend} of {@code size} bytes, text when its sequence number is even and binary
     * when it is odd, as a browser IDE mixes JSON and binary messages on one socket.
     */
    synchronized void sendTextOrBinary(int size, byte[] filler) {
        if ((nextToSend & 1) == 0) {
            sendText(size);
        } else {
            sendBinary(size, filler);
        }
    }
}

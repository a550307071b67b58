package dev.devproxy.testkit;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A browser stand-in for WebSocket tests: a Jetty client listener that queues what it receives and
 * completes {@link #closed()} with the close code. Every wait has a timeout.
 */
public final class SocketProbe implements Session.Listener.AutoDemanding {
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        messages.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        messages.add(copy);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeReason = reason;
        closeCode.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeCode.complete(1006);
    }

    /** The session (after connect). */
    public Session session() {
        return session;
    }

    /** Sends text and waits until written. */
    public void send(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(10, TimeUnit.SECONDS);
    }

    /** Sends binary and waits until written. */
    public void send(ByteBuffer bytes) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(bytes, sent);
        sent.get(30, TimeUnit.SECONDS);
    }

    /** The next text message, waiting up to 10 s. */
    public String nextText() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (!(message instanceof String)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return (String) message;
    }

    /** The next binary message, waiting up to 30 s. */
    public ByteBuffer nextBinary() throws InterruptedException {
        Object message = messages.poll(30, TimeUnit.SECONDS);
        if (!(message instanceof ByteBuffer)) {
            throw new AssertionError("expected a binary message, got " + message);
        }
        return (ByteBuffer) message;
    }

    /** Completes with the close code the proxy sent (1006 if the connection just died). */
    public CompletableFuture<Integer> closed() {
        return closeCode;
    }

    /** The close reason, after {@link #closed()} completed. */
    public String closeReason() {
        return closeReason;
    }

    /** Waits up to 10 s for the close code. */
    public int awaitCloseCode() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }
}

package dev.devproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw WebSocket upstream that holds every upgrade request unanswered until the test {@linkplain #release()
 * releases} it, then answers {@code 101}: for what the proxy does while it is still dialling (a revocation or a
 * shutdown that arrives between the browser's request and the upstream's answer). After the 101 it waits for the
 * proxy's first frame, records its close code, answers a close with the same code and hangs up.
 */
public final class HeldHandshakeUpstream implements AutoCloseable {
    /** Recorded when the connection ended, or sent something other than a close, before a close frame. */
    public static final int NO_CLOSE_FRAME = -1;

    private final RawListener listener;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private HeldHandshakeUpstream() throws IOException {
        listener = new RawListener("held-upstream", this::serve);
    }

    /** Starts on 127.0.0.1, port 0. */
    public static HeldHandshakeUpstream start() throws IOException {
        return new HeldHandshakeUpstream();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return listener.uri();
    }

    /** Upgrade requests read so far (each is held until {@link #release()}). */
    public int handshakesReceived() {
        return handshakes.get();
    }

    /** Answers the held upgrade requests, and those still to come, with 101. */
    public void release() {
        released.countDown();
    }

    /** Completes with the code of the first close frame the proxy sent after the 101, or {@link #NO_CLOSE_FRAME}. */
    public CompletableFuture<Integer> closeCodeReceived() {
        return closeCode;
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(30_000);
            byte[] accepted = RawHandshake.acceptUpgrade(in);
            handshakes.incrementAndGet();
            if (!released.await(30, TimeUnit.SECONDS)) {
                return; // never released: the proxy's own timeout is what the test is about
            }
            out.write(accepted);
            out.flush();
            RawHandshake.Frame frame = RawHandshake.readFrame(in);
            while (frame.opcode() == RawHandshake.Frame.PING || frame.opcode() == RawHandshake.Frame.PONG) {
                frame = RawHandshake.readFrame(in); // keep-alives may come first
            }
            if (frame.opcode() != RawHandshake.Frame.CLOSE) {
                closeCode.complete(NO_CLOSE_FRAME);
                return;
            }
            closeCode.complete(frame.closeCode());
            byte[] code = Arrays.copyOf(frame.payload(), Math.min(frame.payload().length, 2));
            out.write(RawWebSocket.unmaskedFrame(RawHandshake.Frame.CLOSE, code));
            out.flush();
        } catch (IOException e) {
            closeCode.complete(NO_CLOSE_FRAME);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        listener.close();
    }
}

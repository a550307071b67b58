package dev.devproxy.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One socket of a relayed WebSocket pair, as the engine's byte relay writes to it: the browser's upgraded connection
 * or the upstream's. Reading is the wire's own business: it hands what it reads to its {@link WireEvents}.
 *
 * <p>An adapter implements it for a browser socket that stays on the container's own I/O (a TLS socket, a connector
 * whose sockets cannot be adopted); see {@link BrowserSide}. The engine calls {@link #write} from one thread at a
 * time, never two writes at once.
 */
public interface Wire {
    /** How a write that did not complete at once ends. Called once, on any thread. */
    interface Completion {
        /** The whole write is on the socket. */
        void written();

        /** The write failed: the socket is to be treated as ended. */
        void failed(Throwable failure);
    }

    /**
     * Writes all of {@code bytes} without blocking: true if they are written now, false if the write completes later
     * through {@code whenDone} (the rest of {@code bytes} stays untouched until then). No other write starts before
     * this one ended.
     *
     * @throws IOException if the write failed now
     */
    boolean write(ByteBuffer bytes, Completion whenDone) throws IOException;

    /**
     * Starts reading (and handing reads to the relay, which may write them to the other socket on the same thread).
     * Called once, when both wires are connected.
     */
    void start();

    /** Reading was paused by a write that had not completed; it has now, so reading goes on. */
    void resume();

    /** Closes the socket at once; idempotent. */
    void close();
}

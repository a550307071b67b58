package dev.devproxy.internal.ws;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Internal: not API. One socket of a {@link ByteRelay}, as the relay writes to it: the browser's upgraded
 * connection or the upstream's. Reading is the wire's own business; it hands what it reads to the relay.
 */
interface Wire {
    /** How a write that did not complete at once ends. Called once, on any thread. */
    interface Completion {
        void written();

        void failed(Throwable failure);
    }

    /**
     * Writes all of {@code bytes}: true if they are written now, false if the write completes later through
     * {@code whenDone} (a wire that blocks never returns false). No other write starts before this one ended.
     *
     * @throws IOException if the write failed now
     */
    boolean write(ByteBuffer bytes, Completion whenDone) throws IOException;

    /** Whether {@link #write} can return false instead of blocking. */
    boolean writesWithoutBlocking();

    /**
     * Starts reading (and handing reads to the relay). Called once, when both wires are connected.
     *
     * @param sinkWritesWithoutBlocking whether the wire this one's bytes are written to never blocks, so that
     *     reading may run on the container's selector thread
     */
    void start(boolean sinkWritesWithoutBlocking);

    /** Reading was paused by a write that had not completed; it has now, so reading goes on. */
    void resume();

    /** Closes the socket at once; idempotent. */
    void close();
}

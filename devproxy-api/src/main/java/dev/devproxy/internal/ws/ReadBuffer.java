package dev.devproxy.internal.ws;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. The read side of one socket of a {@link ByteRelay}, whichever I/O reads it ({@link ChannelWire},
 * {@link EndPointWire}, {@link TomcatUpgradedBrowser}): the buffer the socket is read into, taken from the pool only
 * while bytes wait (an idle socket holds none); the bytes that came with the upgrade, handed over before anything
 * read from the socket; and the bytes the relay could not take yet, handed over again when the wire is resumed.
 *
 * <p>Only the thread that runs the wire's read loop touches it, one at a time.
 */
final class ReadBuffer {
    private final ByteBufferPool pool;
    private RetainableByteBuffer held;
    private ByteBuffer prefilled;
    private boolean resuming;

    /** @param prefilled bytes that came with the upgrade (not copied), or null */
    ReadBuffer(ByteBufferPool pool, ByteBuffer prefilled) {
        this.pool = pool;
        prefill(prefilled);
    }

    /** Bytes that came with the upgrade (not copied), handed over before anything read from the socket. */
    void prefill(ByteBuffer bytes) {
        prefilled = BufferUtil.hasContent(bytes) ? bytes : null;
    }

    /**
     * The buffer to read into, taken from the pool when none is held ({@link ByteRelay#READ_BUFFER_SIZE}); direct
     * when another socket writes from it, so that neither side copies through the JDK's temporary direct buffer.
     */
    ByteBuffer bytes(boolean direct) {
        if (held == null) {
            held = pool.acquire(ByteRelay.READ_BUFFER_SIZE, direct);
            BufferUtil.clear(held.getByteBuffer());
        }
        return held.getByteBuffer();
    }

    /**
     * Puts in {@code bytes} what is handed over without reading the socket: after {@link #resume}, the bytes the
     * relay could not take (still there); otherwise what came with the upgrade. False if the socket is to be read.
     */
    boolean fillWithoutRead(ByteBuffer bytes) {
        if (resuming) {
            resuming = false;
            return true;
        }
        if (prefilled != null) {
            BufferUtil.append(bytes, prefilled);
            if (!prefilled.hasRemaining()) {
                prefilled = null;
            }
            return true;
        }
        return false;
    }

    /** The relay is to be handed the same bytes again before the socket is read. */
    void resume() {
        resuming = true;
    }

    /** Whether {@link #resume} was called and the bytes are not handed over yet. */
    boolean resuming() {
        return resuming;
    }

    /** The relay took what it could: an incomplete frame header moves to the front to wait for the rest. */
    static void consumed(ByteBuffer bytes) {
        if (bytes.hasRemaining()) {
            BufferUtil.compact(bytes);
        } else {
            BufferUtil.clear(bytes);
        }
    }

    /** Nothing to read now: the buffer goes back to the pool unless it holds part of a frame header. */
    void idle() {
        if (held != null && !held.getByteBuffer().hasRemaining()) {
            release();
        }
    }

    /** Gives the buffer back to the pool, if one is held. */
    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}

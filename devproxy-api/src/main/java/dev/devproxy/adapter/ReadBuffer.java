package dev.devproxy.adapter;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The read side of one {@link Wire}, whichever I/O reads its socket (the engine's relay loop, Jetty's endpoints, a
 * container's own upgrade interface): the buffer the socket is read into, taken from the pool only
 * while bytes wait (an idle socket holds none); the bytes that came with the upgrade, handed over before anything
 * read from the socket; and the bytes the relay could not take yet, handed over again when the wire is resumed.
 *
 * <p>Only the thread that runs the wire's read loop touches it, one at a time.
 */
public final class ReadBuffer {
    /**
     * How much one read from a socket takes (64 KiB, as nginx's {@code proxy_buffer_size} in the benchmark): fewer,
     * larger reads and writes per GB. A socket holds its buffer only while bytes are waiting, so idle pairs hold none.
     */
    public static final int SIZE = 64 * 1024;

    private final ByteBufferPool pool;
    private RetainableByteBuffer held;
    private ByteBuffer prefilled;
    private boolean resuming;

    /** @param prefilled bytes that came with the upgrade (not copied), or null */
    public ReadBuffer(ByteBufferPool pool, ByteBuffer prefilled) {
        this.pool = pool;
        prefill(prefilled);
    }

    /** Bytes that came with the upgrade (not copied), handed over before anything read from the socket. */
    public void prefill(ByteBuffer bytes) {
        prefilled = BufferUtil.hasContent(bytes) ? bytes : null;
    }

    /**
     * The buffer to read into, taken from the pool when none is held ({@link #SIZE}); direct
     * when another socket writes from it, so that neither side copies through the JDK's temporary direct buffer.
     */
    public ByteBuffer bytes(boolean direct) {
        if (held == null) {
            held = pool.acquire(SIZE, direct);
            BufferUtil.clear(held.getByteBuffer());
        }
        return held.getByteBuffer();
    }

    /**
     * Puts in {@code bytes} what is handed over without reading the socket: after {@link #resume}, the bytes the
     * relay could not take (still there); otherwise what came with the upgrade. False if the socket is to be read.
     */
    public boolean fillWithoutRead(ByteBuffer bytes) {
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
    public void resume() {
        resuming = true;
    }

    /** Whether {@link #resume} was called and the bytes are not handed over yet. */
    public boolean resuming() {
        return resuming;
    }

    /** The relay took what it could: an incomplete frame header moves to the front to wait for the rest. */
    public static void consumed(ByteBuffer bytes) {
        if (bytes.hasRemaining()) {
            BufferUtil.compact(bytes);
        } else {
            BufferUtil.clear(bytes);
        }
    }

    /** Nothing to read now: the buffer goes back to the pool unless it holds part of a frame header. */
    public void idle() {
        if (held != null && !held.getByteBuffer().hasRemaining()) {
            release();
        }
    }

    /** Gives the buffer back to the pool, if one is held. */
    public void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}

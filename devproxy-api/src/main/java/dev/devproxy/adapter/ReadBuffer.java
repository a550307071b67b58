package dev.devproxy.adapter;

import java.io.IOException;
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
 * <p>Its {@link #readFrom} is the read loop of every wire, whatever reads the socket: the wires differ only in how
 * they read ({@link Source}) and how they wait for the next bytes.
 *
 * <p>Only the thread that runs the wire's read loop touches it, one at a time.
 */
public final class ReadBuffer {
    /**
     * How much one read from a socket takes (64 KiB, as nginx's {@code proxy_buffer_size} in the benchmark): fewer,
     * larger reads and writes per GB. A socket holds its buffer only while bytes are waiting, so idle pairs hold none.
     */
    public static final int SIZE = 64 * 1024;

    /** How one wire reads its socket. */
    @FunctionalInterface
    public interface Source {
        /**
         * Reads what the socket has now into {@code bytes} (in flush mode: appends after its content), at most its
         * space; returns how many bytes were read, 0 if none are there now, -1 at the end of the stream.
         *
         * @throws IOException if the socket failed
         */
        int fill(ByteBuffer bytes) throws IOException;
    }

    /** Where a turn of the read loop stopped. */
    public enum Stop {
        /** The socket has nothing more now: the wire asks its I/O to say when bytes come. */
        AWAIT_BYTES,
        /** The relay could not take all: the wire reads on when resumed, the same bytes first. */
        PAUSED,
        /** The socket ended or failed; the buffer is released. The wire tells its events so. */
        ENDED
    }

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

    /**
     * The read loop: hands {@code events} what came with the upgrade or was left over, then what {@code socket} reads,
     * while the relay takes it. A read that did not fill the buffer most likely emptied the socket, so the loop stops
     * there rather than make a read that would return nothing (one system call per message; nginx stops there too):
     * bytes that arrive meanwhile wake the wire's I/O at once.
     */
    public Stop readFrom(Source socket, WireEvents events) {
        try {
            while (true) {
                // Direct: another socket is written from it, without a copy into the JDK's temporary direct buffer.
                ByteBuffer bytes = bytes(true);
                boolean drained = false;
                if (!fillWithoutRead(bytes)) {
                    int space = BufferUtil.space(bytes);
                    int read = socket.fill(bytes);
                    if (read < 0) {
                        release();
                        return Stop.ENDED;
                    }
                    if (read == 0) {
                        idle();
                        return Stop.AWAIT_BYTES;
                    }
                    drained = read < space;
                }
                if (!events.received(bytes)) {
                    return Stop.PAUSED;
                }
                consumed(bytes);
                if (drained) {
                    idle();
                    return Stop.AWAIT_BYTES;
                }
            }
        } catch (IOException | RuntimeException e) {
            release();
            return Stop.ENDED;
        }
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

package dev.devproxy.internal.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Internal: not API. A socket of a {@link ByteRelay} that Jetty reads and writes: an endpoint that is not a plain
 * socket (TLS, on Jetty's server or client), upgraded to this byte-reading connection after the 101; plain sockets
 * go to devproxy's own relay loop instead ({@link JettySocket}). Its read buffer is taken from the pool only while
 * bytes are waiting, so an idle socket holds none. Bytes that came in with the handshake are relayed first.
 */
final class EndPointWire extends AbstractConnection implements Connection.UpgradeTo, Wire {
    private final WireEvents events;
    private final ByteBufferPool pool;
    private final Callback readWithoutBlocking =
            Callback.from(Invocable.InvocationType.NON_BLOCKING, this::onFillable, this::onFillInterestedFailed);
    private volatile boolean readsWithoutBlocking;
    private ByteBuffer prefilled;
    private RetainableByteBuffer buffer;
    private boolean resuming; // only the thread that runs the read loop touches it

    EndPointWire(EndPoint endPoint, Executor executor, ByteBufferPool pool, WireEvents events) {
        super(endPoint, executor);
        this.events = events;
        this.pool = pool;
        // The relay enforces its own idle timeout, with keep-alive pings; the client's must not cut in first.
        endPoint.setIdleTimeout(0);
    }

    @Override
    public void onUpgradeTo(ByteBuffer bytes) {
        if (BufferUtil.hasContent(bytes)) {
            prefilled = BufferUtil.copy(bytes);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        events.opened(this); // reading starts only with start()
    }

    @Override
    public void start(boolean sinkWritesWithoutBlocking) {
        readsWithoutBlocking = sinkWritesWithoutBlocking;
        getExecutor().execute(this::onFillable);
    }

    @Override
    public boolean writesWithoutBlocking() {
        return true;
    }

    /**
     * Asks for the next read. When what is read is written without blocking, the read may run on the selector
     * thread (no hand-off to a pool thread), as Jetty's own tunnels do.
     */
    @Override
    public void fillInterested() {
        if (readsWithoutBlocking) {
            getEndPoint().fillInterested(readWithoutBlocking);
        } else {
            super.fillInterested();
        }
    }

    @Override
    public void resume() {
        resuming = true;
        onFillable();
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                if (buffer == null) {
                    // A direct buffer when the bytes go to another endpoint: the socket reads into it and the
                    // other socket writes from it, with no copy through the JDK's temporary direct buffer on
                    // either side. A servlet stream (Tomcat's browser side) writes from an array: heap then.
                    buffer = pool.acquire(ByteRelay.READ_BUFFER_SIZE, readsWithoutBlocking);
                    BufferUtil.clear(buffer.getByteBuffer());
                }
                ByteBuffer bytes = buffer.getByteBuffer();
                boolean drained = false;
                if (resuming) {
                    resuming = false; // the bytes of the last read are carried on
                } else if (prefilled != null) {
                    BufferUtil.append(bytes, prefilled);
                    if (!prefilled.hasRemaining()) {
                        prefilled = null;
                    }
                } else {
                    int space = BufferUtil.space(bytes);
                    int read = getEndPoint().fill(bytes);
                    if (read < 0) {
                        release();
                        events.ended();
                        return;
                    }
                    if (read == 0) {
                        awaitBytes(bytes);
                        return;
                    }
                    // A read that did not fill the buffer most likely emptied the socket: the next read would
                    // only say so (a read that returns nothing, one system call per message), so ask the selector
                    // instead, as nginx does. Bytes that arrive meanwhile wake the selector at once.
                    drained = read < space;
                }
                if (!events.received(bytes)) {
                    return; // a write is under way: resume() goes on from here, with these bytes
                }
                if (bytes.hasRemaining()) {
                    BufferUtil.compact(bytes); // an incomplete frame header waits for the rest
                } else {
                    BufferUtil.clear(bytes);
                }
                if (drained) {
                    awaitBytes(bytes);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            release();
            events.ended();
        }
    }

    // Nothing to read now: the read buffer goes back to the pool unless it holds part of a frame header.
    private void awaitBytes(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            release();
        }
        fillInterested();
    }

    private void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    /**
     * The socket closed while the wire waited for bytes, without a read to say so (the container's connector
     * closing its endpoints, say): the relay is told as for any other end, or the pair would stay registered
     * with this side gone. Jetty's default would only shut the output.
     */
    @Override
    public void onFillInterestedFailed(Throwable cause) {
        release();
        events.ended();
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    @Override
    public boolean write(ByteBuffer bytes, Completion whenDone) throws IOException {
        // Mostly the socket takes it all at once: one non-blocking flush, no callback and no write-flusher states.
        // Writes on a wire never overlap (see Wire#write), so flushing directly cannot jump a pending write.
        if (getEndPoint().flush(bytes)) {
            return true;
        }
        // Its callback runs on the selector thread: it only continues the relay, which does not block.
        PendingWrite pending = new PendingWrite(whenDone);
        getEndPoint().write(Callback.from(Invocable.InvocationType.NON_BLOCKING, pending::succeeded, pending::failed),
                bytes);
        return pending.completedInline();
    }

    @Override
    public void close() {
        getEndPoint().close();
    }
}

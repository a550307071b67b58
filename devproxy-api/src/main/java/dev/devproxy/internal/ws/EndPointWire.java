package dev.devproxy.internal.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;

/**
 * Internal: not API. A socket of a {@link ByteRelay} that Jetty owns: the upstream's (the Jetty client
 * connection the 101 left behind) or, on Jetty, the browser's (the server connection that sent the 101),
 * upgraded to this byte-reading connection. Its read buffer is taken from the pool only while bytes are
 * waiting, so an idle socket holds none. Bytes that came in with the handshake are relayed first.
 */
final class EndPointWire extends AbstractConnection implements Connection.UpgradeTo, Wire {
    /** What the wire tells its relay. */
    interface Events {
        /** The connection now carries WebSocket bytes. */
        void opened(EndPointWire wire);

        /** Bytes arrived; what cannot be used yet stays in {@code bytes}. */
        void received(ByteBuffer bytes);

        /** The socket ended or failed. */
        void ended();
    }

    private final Events events;
    private final ByteBufferPool pool;
    private final long writeTimeoutMillis;
    private ByteBuffer prefilled;
    private RetainableByteBuffer buffer;

    EndPointWire(EndPoint endPoint, Executor executor, ByteBufferPool pool, Events events, Duration writeTimeout) {
        super(endPoint, executor);
        this.events = events;
        this.pool = pool;
        this.writeTimeoutMillis = writeTimeout.toMillis();
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
    public void start() {
        getExecutor().execute(this::onFillable);
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                if (buffer == null) {
                    buffer = pool.acquire(ByteRelay.READ_BUFFER_SIZE, false);
                    BufferUtil.clear(buffer.getByteBuffer());
                }
                ByteBuffer bytes = buffer.getByteBuffer();
                if (prefilled != null) {
                    BufferUtil.append(bytes, prefilled);
                    if (!prefilled.hasRemaining()) {
                        prefilled = null;
                    }
                } else {
                    int read = getEndPoint().fill(bytes);
                    if (read < 0) {
                        release();
                        events.ended();
                        return;
                    }
                    if (read == 0) {
                        if (!bytes.hasRemaining()) {
                            release();
                        }
                        fillInterested();
                        return;
                    }
                }
                events.received(bytes);
                if (bytes.hasRemaining()) {
                    BufferUtil.compact(bytes); // an incomplete frame header waits for the rest
                } else {
                    BufferUtil.clear(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            release();
            events.ended();
        }
    }

    private void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        // Mostly the socket takes it all at once: one non-blocking flush, no callback and no write-flusher states.
        // Writes on a wire never overlap (each direction writes under its lock, and only its direction writes
        // here), so flushing directly cannot jump a pending write.
        if (getEndPoint().flush(bytes)) {
            return;
        }
        FutureCallback written = new FutureCallback();
        getEndPoint().write(written, bytes);
        try {
            written.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("upstream not reading", e);
        } catch (ExecutionException e) {
            throw new IOException("upstream write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        getEndPoint().close();
    }
}

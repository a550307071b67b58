package dev.devproxy.internal.ws.loop;

import dev.devproxy.adapter.PendingWrite;
import dev.devproxy.adapter.ReadBuffer;
import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import dev.devproxy.internal.ws.bytes.ByteRelay;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Internal: not API. A socket of a {@link ByteRelay} that Jetty reads and writes: an endpoint that is not a plain
 * socket (TLS, on Jetty's server or client), upgraded to this byte-reading connection after the 101; plain sockets
 * go to devproxy's own relay loop instead ({@link JettySocket}). Its read buffer is taken from the pool only while
 * bytes are waiting, so an idle socket holds none. Bytes that came in with the handshake are relayed first.
 */
public final class EndPointWire extends AbstractConnection implements Connection.UpgradeTo, Wire {
    private final WireEvents events;
    private final Callback readWithoutBlocking =
            Callback.from(Invocable.InvocationType.NON_BLOCKING, this::onFillable, this::onFillInterestedFailed);
    private final ReadBuffer reads; // only the thread that runs the read loop touches it

    EndPointWire(EndPoint endPoint, Executor executor, ByteBufferPool pool, WireEvents events) {
        super(endPoint, executor);
        this.events = events;
        this.reads = new ReadBuffer(pool, null);
        // The relay enforces its own idle timeout, with keep-alive pings; the client's must not cut in first.
        endPoint.setIdleTimeout(0);
    }

    @Override
    public void onUpgradeTo(ByteBuffer bytes) {
        if (BufferUtil.hasContent(bytes)) {
            reads.prefill(BufferUtil.copy(bytes));
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

    /**
     * Asks for the next read, which may run on the selector thread (no hand-off to a pool thread), as Jetty's own
     * tunnels do: what is read is written without blocking (every {@link Wire} writes so).
     */
    @Override
    public void fillInterested() {
        getEndPoint().fillInterested(readWithoutBlocking);
    }

    @Override
    public void resume() {
        reads.resume();
        onFillable();
    }

    @Override
    public void onFillable() {
        switch (reads.readFrom(getEndPoint()::fill, events)) {
            case AWAIT_BYTES -> fillInterested(); // the selector says when more comes
            case PAUSED -> { } // a write is under way: resume() goes on from here, with these bytes
            case ENDED -> events.ended();
        }
    }

    /**
     * The socket closed while the wire waited for bytes, without a read to say so (the container's connector
     * closing its endpoints, say): the relay is told as for any other end, or the pair would stay registered
     * with this side gone. Jetty's default would only shut the output.
     */
    @Override
    public void onFillInterestedFailed(Throwable cause) {
        reads.release();
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

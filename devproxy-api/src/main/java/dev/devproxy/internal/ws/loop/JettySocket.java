package dev.devproxy.internal.ws.loop;

import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. What a plain socket's Jetty endpoint is upgraded to once a relayed WebSocket's 101 went
 * through it (the browser's on Jetty, the upstream's on Jetty's client): the socket is then read and written by a
 * {@link ChannelWire} on devproxy's {@link RelayLoop}, and Jetty's endpoint only keeps its books on it. Jetty's
 * selector has no interest in the socket any more (nothing asks it to read or write), and the socket is closed
 * through the endpoint, so that Jetty forgets it; a close of Jetty's own (its connector or client stopping) reaches
 * the relay as the socket's end. Endpoints that are not a plain socket (TLS) keep Jetty's I/O ({@link EndPointWire}).
 */
public final class JettySocket extends AbstractConnection implements Connection.UpgradeTo, ChannelWire.Owner {
    private final RelayLoop loop;
    private final ByteBufferPool pool;
    private final WireEvents events;
    private ByteBuffer prefilled;
    private volatile ChannelWire wire;

    private JettySocket(SocketChannelEndPoint endPoint, Executor executor, RelayLoop loop, ByteBufferPool pool,
            WireEvents events) {
        super(endPoint, executor);
        this.loop = loop;
        this.pool = pool;
        this.events = events;
        endPoint.setIdleTimeout(0); // the relay keeps its own idle timeout
    }

    /**
     * The connection that takes over {@code endPoint} for a relay: a {@code JettySocket} on {@code loop} for a plain
     * socket, an {@link EndPointWire} on Jetty's own I/O otherwise.
     */
    public static Connection takeOver(EndPoint endPoint, Executor executor, RelayLoop loop, ByteBufferPool pool,
            WireEvents events) {
        if (endPoint instanceof SocketChannelEndPoint socket) {
            return new JettySocket(socket, executor, loop, pool, events);
        }
        return new EndPointWire(endPoint, executor, pool, events);
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
        ChannelWire opened = new ChannelWire(loop, ((SocketChannelEndPoint) getEndPoint()).getChannel(), prefilled,
                pool, events, this);
        wire = opened;
        opened.open();
    }

    /** The wire of a connection {@link #takeOver} made, once the endpoint was upgraded to it (it is open then). */
    public static Wire wireOf(Connection takenOver) {
        return takenOver instanceof JettySocket socket ? socket.wire : (EndPointWire) takenOver;
    }

    @Override
    public void onFillable() {
        // Never asked for: the relay loop reads the socket.
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    /** The endpoint closed, whoever closed it: the wire is done (a no-op when it closed the socket itself). */
    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        ChannelWire open = wire;
        if (open != null) {
            open.ended();
        }
    }

    @Override
    public void close() {
        getEndPoint().close();
    }
}

package dev.devproxy.adapter;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * The browser's side of one relayed WebSocket pair, as the engine hands it to a {@link ContainerAdapter} with the 101
 * to write. The engine implements it. Exactly one of these happens once the 101 is out:
 *
 * <ul>
 *   <li>the adapter hands over a plain socket the engine reads and writes on its own relay loop, as nginx does (the
 *       fast path): a {@link SocketChannel} the container lets go of ({@link #adopt}), or a Jetty endpoint
 *       ({@link #takeOver}, which keeps Jetty's own I/O where the endpoint is not a plain socket);</li>
 *   <li>the adapter keeps the socket on the container's own I/O, as a {@link Wire} that reports to {@link #events}
 *       (TLS sockets, connectors whose sockets cannot be adopted);</li>
 *   <li>the socket is lost before either: {@link #abandon}.</li>
 * </ul>
 */
public interface BrowserSide {
    /** Where a {@link Wire} of the container's I/O reports; the first call must be {@link WireEvents#opened}. */
    WireEvents events();

    /** The buffers reads take, shared with the upstream's side (see {@link ReadBuffer}). */
    ByteBufferPool bufferPool();

    /**
     * The connection that takes over a Jetty {@code endPoint} once the 101 is written: on the engine's relay loop for
     * a plain socket, Jetty's own I/O otherwise. For Jetty adapters, which hand it to Jetty with the 101.
     */
    Connection takeOver(EndPoint endPoint, Executor executor, ByteBufferPool pool);

    /**
     * Adopts a plain socket that the container no longer reads or writes: the engine reads and writes it on its
     * relay loop from {@link AdoptedSocket#open} on. The container may still keep its books on the connection;
     * {@code closeSocket} is how the engine closes it, through them (once, from any thread).
     *
     * @param unread bytes the container read past the handshake, relayed before anything read from the socket; or
     *     null
     */
    AdoptedSocket adopt(SocketChannel channel, ByteBuffer unread, Runnable closeSocket);

    /** The 101 went out but the socket cannot be relayed: the engine closes the upstream and reports the pair. */
    void abandon();
}

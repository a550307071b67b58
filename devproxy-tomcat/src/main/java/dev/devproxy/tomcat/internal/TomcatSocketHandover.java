package dev.devproxy.tomcat.internal;

import dev.devproxy.adapter.AdoptedSocket;
import dev.devproxy.adapter.BrowserSide;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. Moves the browser's socket of a relayed WebSocket on Tomcat, once the 101 is out, from Tomcat's
 * NIO connector to the pair's relay loop ({@link BrowserSide#adopt}), where the upstream's socket is read and written
 * too, as on Jetty. On Tomcat's connector every read of an upgraded socket costs a read-interest
 * registration with its poller and a hand-off to a worker thread (about 2 {@code epoll_ctl} and 2 {@code futex} system
 * calls per WebSocket message, docs/benchmarks.md), which was most of what devproxy on Tomcat spent beyond devproxy on
 * Jetty.
 *
 * <p>Tomcat keeps its books on the connection: the socket counts against the connector's {@code maxConnections}
 * until it closes, the upgrade processor stays Tomcat's, and when the relay (or the peer) closes the socket the
 * wrapper is closed through a Tomcat dispatch of its own ({@link SocketEvent#DISCONNECT}), under the socket's lock,
 * where Tomcat releases the processor, counts the connection down and recycles its channel. When Tomcat closes
 * the connection first (its connector stops), {@link #close} tells the relay the socket ended. While the relay loop
 * owns the socket, Tomcat's two socket buffers are taken from the connection ({@link TomcatSocketBuffers}), and
 * {@link #close} gives it new ones before Tomcat recycles it.
 *
 * <p>Only a plain socket of Tomcat's NIO connector moves ({@link #applies}): a TLS socket's engine is Tomcat's, and
 * the NIO2 connector's sockets are not selectable. Those stay on Tomcat's I/O ({@link TomcatUpgradedBrowser}).
 */
final class TomcatSocketHandover {
    private final SocketWrapperBase<?> socket;
    private final BrowserSide browser;
    private final Object lock = new Object();
    // Tomcat's socket buffers, taken while the relay loop owns the socket; null if this Tomcat's cannot be.
    private final TomcatSocketBuffers buffers;
    // Guarded by lock.
    private AdoptedSocket adopted;
    private boolean closed;

    private TomcatSocketHandover(SocketWrapperBase<?> socket, BrowserSide browser, TomcatSocketBuffers buffers) {
        this.socket = socket;
        this.browser = browser;
        this.buffers = buffers;
    }

    /** Whether {@code socket} can move: a plain (not TLS) socket of Tomcat's NIO connector. */
    static boolean applies(SocketWrapperBase<?> socket) {
        return socket instanceof NioEndpoint.NioSocketWrapper && socket.getSocket() != null
                && socket.getSocket().getClass() == NioChannel.class;
    }

    /**
     * Moves {@code socket} to the engine's relay loop as {@code browser}'s socket; null if it must stay on Tomcat's
     * I/O because the 101 is not all written yet (Tomcat then writes the rest before the relay's first write). Call
     * it from the upgrade handler's {@code init}, in the dispatch that upgraded the socket, after Tomcat wrote the 101.
     *
     * @throws IOException if the socket failed
     */
    static TomcatSocketHandover start(SocketWrapperBase<?> socket, BrowserSide browser) throws IOException {
        socket.flush(false);
        if (socket.hasDataToWrite()) {
            return null;
        }
        ByteBuffer unread = unreadBytes(socket);
        TomcatSocketHandover handover = new TomcatSocketHandover(socket, browser,
                TomcatSocketBuffers.takeBack(socket.getSocketBufferHandler()));
        handover.moveChannel(unread);
        return handover;
    }

    /**
     * What Tomcat read past the handshake and put back into its socket buffer (bytes a client sent without waiting
     * for the 101): relayed first, so nothing is lost or reordered.
     */
    private static ByteBuffer unreadBytes(SocketWrapperBase<?> socket) {
        SocketBufferHandler buffers = socket.getSocketBufferHandler();
        if (buffers.isReadBufferEmpty()) {
            return null;
        }
        buffers.configureReadBufferForRead();
        ByteBuffer unread = BufferUtil.copy(buffers.getReadBuffer());
        BufferUtil.clear(buffers.getReadBuffer());
        return unread;
    }

    private void moveChannel(ByteBuffer unread) {
        AdoptedSocket moved = browser.adopt(channel(), unread, this::closeSocket);
        boolean closeNow;
        synchronized (lock) {
            adopted = moved;
            closeNow = closed;
        }
        if (closeNow) {
            moved.ended(); // Tomcat let go of the connection while it moved
            return;
        }
        moved.open();
    }

    private SocketChannel channel() {
        return ((NioChannel) socket.getSocket()).getIOChannel();
    }

    /**
     * The wire's close: the socket closes at once (the peer sees the end now), and Tomcat closes its wrapper in a
     * dispatch of its own, under the socket's lock (a close of the wrapper from this thread could race a dispatch
     * under way, and leave Tomcat's processor registered). If Tomcat is stopping and refuses the dispatch, its
     * connector closes the wrapper itself.
     */
    private void closeSocket() {
        try {
            channel().close();
        } catch (IOException e) {
            // closing a socket that already failed: Tomcat's bookkeeping below is what is left to do
        }
        socket.processSocket(SocketEvent.DISCONNECT, true);
    }

    /**
     * Tomcat is done with the connection (it stops, or released it): the connection gets its socket buffers back,
     * before Tomcat closes it and keeps its channel for the next one, and the relay hears that the socket ended.
     */
    void close() {
        AdoptedSocket open;
        synchronized (lock) {
            closed = true;
            open = adopted;
            if (buffers != null) {
                buffers.giveBack();
            }
        }
        if (open != null) {
            open.ended();
        }
    }
}

package dev.devproxy.internal.ws.bytes;

import dev.devproxy.adapter.AdoptedSocket;
import dev.devproxy.adapter.BrowserSide;
import dev.devproxy.adapter.WireEvents;
import dev.devproxy.internal.ws.loop.ChannelWire;
import dev.devproxy.internal.ws.loop.EndPointWire;
import dev.devproxy.internal.ws.loop.JettySocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Internal: not API. The browser's side of a {@link ByteRelay}, as a container adapter is handed it with the 101 to
 * write: adopted sockets become {@link ChannelWire}s on the pair's relay loop, Jetty endpoints {@link JettySocket}s
 * (or {@link EndPointWire}s where they are not plain sockets), and a wire of the container's own I/O reports to the
 * relay's browser events.
 */
final class RelayBrowserSide implements BrowserSide {
    private final ByteRelay relay;
    private final ByteBufferPool pool;

    /** @param pool the upstream client's buffers, which the upstream's socket reads into too */
    RelayBrowserSide(ByteRelay relay, ByteBufferPool pool) {
        this.relay = relay;
        this.pool = pool;
    }

    @Override
    public WireEvents events() {
        return relay.browserEvents();
    }

    @Override
    public ByteBufferPool bufferPool() {
        return pool;
    }

    @Override
    public Connection takeOver(EndPoint endPoint, Executor endPointExecutor, ByteBufferPool endPointPool) {
        return JettySocket.takeOver(endPoint, endPointExecutor, relay.loop(), endPointPool, relay.browserEvents());
    }

    @Override
    public AdoptedSocket adopt(SocketChannel channel, ByteBuffer unread, Runnable closeSocket) {
        ChannelWire wire = new ChannelWire(relay.loop(), channel, unread, pool, relay.browserEvents(), closeSocket::run);
        return new AdoptedSocket() {
            @Override
            public void open() {
                wire.open();
            }

            @Override
            public void ended() {
                wire.ended();
            }
        };
    }

    @Override
    public void abandon() {
        relay.abandon();
    }
}

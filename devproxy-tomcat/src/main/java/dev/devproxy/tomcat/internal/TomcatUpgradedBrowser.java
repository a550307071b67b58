package dev.devproxy.tomcat.internal;

import dev.devproxy.adapter.BrowserSide;
import dev.devproxy.adapter.PendingWrite;
import dev.devproxy.adapter.ReadBuffer;
import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import jakarta.servlet.http.WebConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. The browser socket of a relayed WebSocket on Tomcat, taken over through Tomcat's own upgrade
 * interface ({@link InternalHttpUpgradeHandler}, the one Tomcat's WebSocket server and HTTP/2 use) instead of the
 * Servlet API's, whose upgraded streams block on writes. That is what lets it hold no thread while a socket is slow,
 * as on Jetty:
 *
 * <ul>
 *   <li>Reads run when Tomcat's poller dispatches the socket, and only while the relay wants bytes: a read the
 *       upstream cannot take at once parks the socket ({@link SocketState#SUSPENDED}: no read interest), and
 *       {@link #resume} asks Tomcat for a new dispatch once it can. No container thread waits for the upstream.</li>
 *   <li>Writes never block: what the socket cannot take at once is written when Tomcat's poller says it can, the
 *       relay is told then, and the upstream's reads may run on the relay loop's thread, with no hand-off to a
 *       pool thread.</li>
 *   <li>{@link #close} has Tomcat close the socket at once, from any thread, in a dispatch of its own; the Servlet
 *       API can only mark its streams closed and wait for the container's next dispatch.</li>
 * </ul>
 *
 * <p>Where it can, it does not keep the socket at all: a plain socket of Tomcat's NIO connector is handed over to the
 * pair's relay loop once the 101 is out, in the dispatch that upgraded it ({@link TomcatSocketHandover}, through
 * {@link BrowserSide#adopt}), and the engine reads and writes it there, as on Jetty. This class then only keeps
 * Tomcat's side of the connection until it closes. TLS and NIO2 sockets, or all of them when the adapter is told to
 * keep them, stay here.
 *
 * <p>It uses only what Tomcat 10.1 and 11 both have, with the same signatures, and {@link TomcatAdapter} probes for
 * that when the proxy is installed. Public, with a public constructor, because the container instantiates it.
 */
public final class TomcatUpgradedBrowser implements InternalHttpUpgradeHandler, Wire {
    /**
     * Tomcat's NIO connector reads at most its socket read buffer per call ({@code socket.appReadBufSize},
     * 8 KiB unless the host changed it), so only a read shorter than this surely emptied the socket.
     */
    private static final int TOMCAT_READ_CHUNK = 8192;

    private volatile BrowserSide browser;
    private volatile WireEvents events;
    private volatile TomcatAdapter adapter;
    private volatile SSLSupport tls;
    private volatile SocketWrapperBase<?> socket;
    // Set in init() when the socket was handed over (or failed as it moved): Tomcat then leaves all I/O to us.
    private volatile boolean movingOut;
    private volatile TomcatSocketHandover handover;
    private final AtomicReference<PendingWrite> pendingWrite = new AtomicReference<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private boolean started;
    private boolean parked; // a read could not be carried: no reading until resume()
    private boolean resumed;
    private boolean closed;
    // Set in bind(); its contents only the thread of the current dispatch touches (Tomcat dispatches one socket on
    // one thread at a time).
    private volatile ReadBuffer reads;

    /** For the container. */
    public TomcatUpgradedBrowser() {
    }

    /**
     * @param browser where the socket goes: adopted by the engine, or reported to as a wire
     * @param adapter whether to hand a plain NIO socket over to the relay loop ({@link TomcatSocketHandover})
     */
    void bind(BrowserSide browser, TomcatAdapter adapter) {
        this.browser = browser;
        this.events = browser.events();
        this.reads = new ReadBuffer(browser.bufferPool(), null);
        this.adapter = adapter;
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        this.socket = wrapper;
    }

    @Override
    public void init(WebConnection connection) {
        boolean handOver = adapter.handsOver();
        if (handOver && !TomcatSocketHandover.applies(socket) && tls == null) {
            adapter.keptOnTomcat(socket); // a plain socket, of a connector whose sockets cannot move
        }
        if (handOver && TomcatSocketHandover.applies(socket) && handOverNow()) {
            return;
        }
        events.opened(this);
    }

    /**
     * Moves the socket to the relay loop in the dispatch that upgraded it: Tomcat has written the 101 by now, and
     * after init returns it only records the processor, registering no read interest for a handler with I/O of its
     * own ({@link #hasAsyncIO}), so nothing of Tomcat's touches the socket any more. A dispatch of Tomcat's asked for
     * meanwhile (the relay closing the socket) runs after this one, under the socket's lock. False if the 101 is not
     * all out: the socket stays on Tomcat's I/O, whose first write flushes the rest. (Moving it in a dispatch of its
     * own cost every upgrade a hand-off to another of Tomcat's threads.)
     */
    private boolean handOverNow() {
        TomcatSocketHandover moved;
        try {
            moved = TomcatSocketHandover.start(socket, browser);
        } catch (IOException | RuntimeException e) {
            movingOut = true; // Tomcat reads nothing; close() has it close the socket in a dispatch of its own
            browser.abandon();
            close();
            return true;
        }
        if (moved == null) {
            return false;
        }
        handover = moved;
        movingOut = true;
        return true;
    }

    /** True when the socket is handed over: Tomcat then registers no read interest and leaves all I/O to us. */
    @Override
    public boolean hasAsyncIO() {
        return movingOut;
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent event) {
        if (movingOut) {
            return movingOutDispatch(event);
        }
        if (event == SocketEvent.OPEN_READ) {
            return readable();
        }
        if (event == SocketEvent.OPEN_WRITE) {
            // Tomcat completes vectored writes itself, not through this dispatch: nothing to do.
            return isClosed() ? SocketState.CLOSED : SocketState.UPGRADED;
        }
        // STOP (the connector stops), ERROR, DISCONNECT, TIMEOUT: the socket is done. No read runs meanwhile (Tomcat
        // dispatches a socket on one thread at a time), and none will (closed), so bytes held go back to the pool.
        ended();
        ReadBuffer held = reads;
        if (held != null) {
            held.release();
        }
        return SocketState.CLOSED;
    }

    // The socket is handed over: Tomcat neither reads nor writes it, and any event other than a read or a write (the
    // relay's close, the connector stopping) means Tomcat is done with the connection.
    private SocketState movingOutDispatch(SocketEvent event) {
        if (event == SocketEvent.OPEN_READ || event == SocketEvent.OPEN_WRITE) {
            return SocketState.SUSPENDED;
        }
        ended();
        return SocketState.CLOSED;
    }

    // Reads while bytes come and the upstream takes them. UPGRADED: Tomcat waits for more (read interest);
    // SUSPENDED: it does not, until resume() asks for a dispatch; CLOSED: Tomcat closes the socket.
    private SocketState readable() {
        synchronized (lock) {
            if (closed) {
                return SocketState.CLOSED;
            }
            if (!started) {
                return SocketState.SUSPENDED; // start() asks for the first dispatch
            }
            if (parked) {
                if (!resumed) {
                    return SocketState.SUSPENDED; // not ours to read yet
                }
                parked = false;
                resumed = false;
                reads.resume();
            }
        }
        SocketWrapperBase<?> wrapper = socket;
        while (true) {
            switch (reads.readFrom(bytes -> fill(wrapper, bytes), events)) {
                case AWAIT_BYTES:
                    return SocketState.UPGRADED; // the poller says when more comes
                case ENDED:
                    ended();
                    return SocketState.CLOSED;
                case PAUSED:
                    synchronized (lock) {
                        if (!resumed) {
                            parked = true;
                            return SocketState.SUSPENDED; // resume() carries these bytes on
                        }
                        resumed = false; // the write completed meanwhile
                    }
                    reads.resume();
            }
        }
    }

    /**
     * Reads into {@code bytes} until it is full or the socket has nothing more now: Tomcat reads at most its own
     * socket buffer per call, and one write upstream per 64 KiB costs less than one per 8 KiB. As on Jetty, a read
     * shorter than what Tomcat reads at once most likely emptied the socket: the poller says when more comes, rather
     * than a read that would return nothing. Returns the bytes read, or -1 at the end of the stream with none read
     * (the end is read again on the next dispatch).
     */
    private static int fill(SocketWrapperBase<?> wrapper, ByteBuffer bytes) throws IOException {
        int total = 0;
        while (BufferUtil.space(bytes) > 0) {
            int start = BufferUtil.flipToFill(bytes);
            int space = bytes.remaining();
            int read;
            try {
                read = wrapper.read(false, bytes);
            } finally {
                BufferUtil.flipToFlush(bytes, start); // Tomcat moved the limit; this sets it again
            }
            if (read < 0) {
                return total == 0 ? -1 : total;
            }
            total += read;
            if (read < Math.min(space, TOMCAT_READ_CHUNK)) {
                break;
            }
        }
        return total;
    }

    @Override
    public void start() {
        synchronized (lock) {
            started = true;
        }
        dispatchRead();
    }

    @Override
    public void resume() {
        synchronized (lock) {
            resumed = true;
            if (!parked) {
                return; // the reading thread has not parked yet, and will see it
            }
        }
        dispatchRead();
    }

    private void dispatchRead() {
        SocketWrapperBase<?> wrapper = socket;
        if (wrapper != null && !wrapper.isClosed()) {
            wrapper.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    /**
     * Writes without blocking, straight from {@code bytes} (Tomcat's vectored write, as its HTTP/2 uses: no copy into
     * its 8 KiB socket buffer, one system call where the socket takes it all). What the socket cannot take now is
     * written when the poller says it can, and the relay is told then. Writes never overlap (see {@link Wire#write}).
     */
    @Override
    public boolean write(ByteBuffer bytes, Completion whenDone) throws IOException {
        PendingWrite write = new PendingWrite(whenDone);
        SocketWrapperBase.CompletionState state = socket.write(SocketWrapperBase.BlockingMode.NON_BLOCK, -1,
                TimeUnit.MILLISECONDS, null, SocketWrapperBase.COMPLETE_WRITE, new TomcatCompletion(write), bytes);
        if (state == SocketWrapperBase.CompletionState.INLINE) {
            return true; // written at once; Tomcat does not call the handler then
        }
        if (state == SocketWrapperBase.CompletionState.NOT_DONE) {
            throw new IOException("Tomcat refused the write: another one is under way");
        }
        // Pending: close() fails it if it never completes. (Kept after it completed, it is only told once anyway.)
        pendingWrite.set(write);
        if (isClosed()) {
            failPendingWrite(); // closed meanwhile: the write may never complete
        }
        return write.completedInline();
    }

    // Tomcat's completion of a pending write, handed on to the relay's.
    private final class TomcatCompletion implements CompletionHandler<Long, Void> {
        private final PendingWrite write;

        TomcatCompletion(PendingWrite write) {
            this.write = write;
        }

        @Override
        public void completed(Long written, Void ignored) {
            pendingWrite.compareAndSet(write, null);
            write.succeeded();
        }

        @Override
        public void failed(Throwable cause, Void ignored) {
            pendingWrite.compareAndSet(write, null);
            write.failed(cause);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void failPendingWrite() {
        PendingWrite waiting = pendingWrite.getAndSet(null);
        if (waiting != null) {
            waiting.failed(new EOFException("the browser's connection closed"));
        }
    }

    // The socket is done from Tomcat's side: the relay hears the browser ended (a no-op once the pair is closing).
    private void ended() {
        synchronized (lock) {
            closed = true;
        }
        TomcatSocketHandover moved = handover;
        if (moved != null) {
            moved.close();
        }
        failPendingWrite();
        WireEvents bound = events;
        if (bound != null) {
            bound.ended();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        failPendingWrite();
        SocketWrapperBase<?> wrapper = socket;
        if (wrapper != null) {
            // Closed in a dispatch of Tomcat's own, under the socket's lock, at once unless one is under way. A close
            // from this thread could race that dispatch: Tomcat would register the upgrade processor again after
            // the close, and keep it for good (a processor per pair, seen in TomcatSocketHandoverTest).
            wrapper.processSocket(SocketEvent.DISCONNECT, true);
        }
    }

    @Override
    public void destroy() {
        ended();
    }

    @Override
    public void timeoutAsync(long now) {
        // The relay keeps its own idle timeout and keep-alive pings.
    }

    /** Tomcat's TLS details, null for a plain socket: only whether it is TLS matters here. */
    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        this.tls = sslSupport;
    }

    @Override
    public void pause() {
        // The proxy closes its sockets itself (1001) when the context stops.
    }
}

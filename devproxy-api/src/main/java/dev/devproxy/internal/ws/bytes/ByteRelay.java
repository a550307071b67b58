package dev.devproxy.internal.ws.bytes;

import dev.devproxy.DevProxyListener;
import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.ws.Inactivity;
import dev.devproxy.internal.ws.LivePair;
import dev.devproxy.internal.ws.frames.CloseCodes;
import dev.devproxy.internal.ws.frames.ControlFrames;
import dev.devproxy.internal.ws.frames.FrameScanner;
import dev.devproxy.internal.ws.frames.InflatedSize;
import dev.devproxy.internal.ws.frames.PerMessageDeflate;
import dev.devproxy.internal.ws.loop.ChannelWire;
import dev.devproxy.internal.ws.loop.RelayLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. One WebSocket pair relayed as bytes after a forwarded handshake: the browser and the
 * upstream speak one WebSocket connection end to end (key, extensions and masks are theirs), and the
 * relay copies bytes between the two sockets without unmasking, re-masking or reassembling anything.
 *
 * <p>It still reads every frame header ({@link FrameScanner}), which is what keeps the frame relay's
 * behaviour: message and byte counts for {@link SocketClosed}, the message-size limit (1009), close codes
 * that cross through {@link CloseCodes} (close frames are re-encoded, never forwarded raw), 1011 to the
 * browser when the upstream vanishes, 1001 to the upstream when the browser does, one code to both on
 * revocation or shutdown, and keep-alive pings written between frames. Frames the relay writes itself go
 * out only at a frame boundary of the direction they join.
 *
 * <p>Backpressure is the sockets': a wire reads again only once what it read was written to the other wire,
 * so a peer that stops reading stops the other peer's sender. No thread waits for a write (every {@link Wire}
 * writes without blocking): the reading wire is resumed when the write completes, and reads run on the relay loop
 * or the container's selector thread.
 */
public final class ByteRelay implements LivePair {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");

    /** How long a started close handshake may take before both sockets are closed regardless. */
    static final Duration CLOSE_HANDSHAKE = Duration.ofSeconds(5);

    private final long id;
    private final Exchange exchange;
    private final DevProxyListener listener;
    private final Consumer<LivePair> onRelease;
    private final long idleNanos;
    private final Inactivity inactivity;
    private final Executor writer;
    private final RelayLoop loop;
    private final long openedNanos = System.nanoTime();
    private final RelayDirection toUpstream;
    private final RelayDirection toBrowser;
    private final long maxMessageSize;
    private volatile InflatedSize inflatedSize;
    private volatile String subprotocol = "";

    // The close, decided once; guarded by this.
    private SocketClosed.Side closedBy;
    private int browserCode;
    private int upstreamCode;
    private int frameCode; // what the close frames to both sides say
    private String frameReason;
    private long closingSince;
    // Whether the side's close frame arrived, or its input is not read any more.
    private boolean doneWithBrowserInput;
    private boolean doneWithUpstreamInput;
    private boolean browserEnded;
    private boolean upstreamEnded;
    private boolean finished;
    private Wire browser;
    private Wire upstream;

    /**
     * @param writer where frames the relay writes itself are written from, and closes are reported from, unless that
     *     happens on the pair's relay loop (a pool: not the thread of a timer or of the code that closes the pair)
     * @param loop where the pair's plain sockets are read and written ({@link ChannelWire})
     */
    public ByteRelay(long id, Exchange exchange, long maxMessageSize, Duration idleTimeout, Duration inactivityTimeout,
            DevProxyListener listener, Consumer<LivePair> onRelease, Executor writer, RelayLoop loop) {
        this.id = id;
        this.inactivity = new Inactivity(inactivityTimeout);
        this.exchange = exchange;
        this.listener = listener;
        this.onRelease = onRelease;
        this.idleNanos = idleTimeout.toNanos();
        this.maxMessageSize = maxMessageSize;
        this.writer = writer;
        this.loop = loop;
        this.toUpstream = new RelayDirection(this, SocketClosed.Side.BROWSER, new FrameScanner(true, maxMessageSize),
                idleTimeout);
        this.toBrowser = new RelayDirection(this, SocketClosed.Side.UPSTREAM, new FrameScanner(false, maxMessageSize),
                idleTimeout);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    /** The relay loop of this pair's plain sockets. */
    RelayLoop loop() {
        return loop;
    }

    String subprotocol() {
        return subprotocol;
    }

    /**
     * The upstream answered 101: records what it chose and where its socket is. With {@code deflate} agreed, RSV1 marks
     * compressed messages both ways, and what the browser's inflate to is counted against the size limit.
     */
    void upstreamConnected(Wire wire, String subprotocol, Optional<PerMessageDeflate.Agreed> deflate) {
        this.subprotocol = subprotocol;
        deflate.ifPresent(agreed -> {
            inflatedSize = new InflatedSize(maxMessageSize, agreed.clientNoContextTakeover());
            toUpstream.scanner().negotiatedDeflate(inflatedSize);
            toBrowser.scanner().negotiatedDeflate(null);
        });
        synchronized (this) {
            upstream = wire;
        }
        toUpstream.attach(wire);
    }

    /** The browser's connection is upgraded: both wires exist, so reading starts on both. */
    void browserOpened(Wire wire) {
        boolean closeNow;
        synchronized (this) {
            browser = wire;
            closeNow = finished;
        }
        if (closeNow) {
            wire.close();
            return;
        }
        Wire upstreamWire = upstreamWire();
        toUpstream.readFrom(wire);
        toBrowser.readFrom(upstreamWire);
        toBrowser.attach(wire);
        listener.socketOpened(new SocketOpened(id, exchange.workspace(), exchange.caller().subject(), subprotocol));
        LOG.debug("socket {} opened (byte relay): workspace {} path {} subprotocol '{}'", id, exchange.workspace(),
                exchange.rest(), subprotocol);
        upstreamWire.start();
        wire.start();
    }

    private synchronized Wire upstreamWire() {
        return upstream;
    }

    /** What the upstream's Jetty connection reports. */
    WireEvents upstreamEvents() {
        return new WireEvents() {
            @Override
            public void opened(Wire wire) {
                // reading starts when the browser's side opens
            }

            @Override
            public boolean received(ByteBuffer bytes) {
                return fromUpstream(bytes);
            }

            @Override
            public void ended() {
                upstreamEnded();
            }
        };
    }

    /** What the browser's Jetty connection reports (the byte relay on Jetty). */
    WireEvents browserEvents() {
        return new WireEvents() {
            @Override
            public void opened(Wire wire) {
                browserOpened(wire);
            }

            @Override
            public boolean received(ByteBuffer bytes) {
                return fromBrowser(bytes);
            }

            @Override
            public void ended() {
                browserEnded();
            }
        };
    }

    /**
     * Bytes read from the browser, on its reading thread; what cannot be used yet stays in {@code bytes}. False
     * if the browser's wire must wait to be resumed before it reads again (see {@link RelayDirection#carry}).
     */
    boolean fromBrowser(ByteBuffer bytes) {
        return toUpstream.carry(bytes);
    }

    /** Bytes read from the upstream, as {@link #fromBrowser} for the browser's. */
    boolean fromUpstream(ByteBuffer bytes) {
        return toBrowser.carry(bytes);
    }

    /** The browser's socket ended without a close frame, or could not be written: tell the upstream 1001. */
    void browserEnded() {
        synchronized (this) {
            browserEnded = true;
            decide(SocketClosed.Side.BROWSER, 1006, 1001, 1001, "browser went away");
        }
        toBrowser.stop();
        sendCloses();
        maybeFinish();
    }

    /** The upstream's socket ended without a close frame, or could not be written: tell the browser 1011. */
    void upstreamEnded() {
        synchronized (this) {
            upstreamEnded = true;
            decide(SocketClosed.Side.UPSTREAM, CloseCodes.toSendable(1006), 1006, CloseCodes.toSendable(1006),
                    "upstream connection lost");
        }
        toUpstream.stop();
        sendCloses();
        maybeFinish();
    }

    /**
     * {@code source}'s bytes were refused inside a frame the other side already has the start of: the close frame
     * already decided cannot follow there, so that side's connection is closed.
     */
    void cutInsideAFrame(SocketClosed.Side source) {
        if (source == SocketClosed.Side.BROWSER) {
            upstreamEnded();
        } else {
            browserEnded();
        }
    }

    /** The browser could not be upgraded after the upstream was: close the upstream, report, release. */
    public void abandon() {
        synchronized (this) {
            browserEnded = true;
            decide(SocketClosed.Side.BROWSER, 1006, 1001, 1001, "browser went away");
        }
        finish();
    }

    /** A close frame arrived from {@code side}: the first starts the close, a later one completes it. */
    void closeReceived(SocketClosed.Side side, int code, String reason) {
        // A close without a status code goes on without one (RFC 6455 §5.5.1): the other peer then reports "no status"
        // (1005), as it would have directly, not a normal closure nobody sent.
        int sendable = code == FrameScanner.NO_STATUS ? FrameScanner.NO_STATUS : CloseCodes.toSendable(code);
        synchronized (this) {
            if (side == SocketClosed.Side.BROWSER) {
                doneWithBrowserInput = true;
                decide(side, code, sendable, sendable, reason);
            } else {
                doneWithUpstreamInput = true;
                decide(side, sendable, code, sendable, reason);
            }
        }
        // Forwarded to the other side, and answered at once: each socket's close handshake completes on its own,
        // as with the frame relay, so an upstream that never answers a close cannot hold the browser's socket.
        sendCloses();
        maybeFinish();
    }

    /** Nothing more will be read from {@code side}: once a close frame is written to it, it counts as closed. */
    void stopListening(SocketClosed.Side side) {
        synchronized (this) {
            if (side == SocketClosed.Side.BROWSER) {
                doneWithBrowserInput = true;
            } else {
                doneWithUpstreamInput = true;
            }
        }
    }

    @Override
    public void closeBoth(int code, String reason) {
        synchronized (this) {
            decide(SocketClosed.Side.PROXY, code, code, code, reason);
        }
        sendCloses();
        maybeFinish();
    }

    /**
     * Only the first close decides who closed, the codes reported for each side, and what the close frames say; the
     * rest just completes it.
     */
    private void decide(SocketClosed.Side side, int forBrowser, int forUpstream, int frame, String reason) {
        if (closedBy == null) {
            closedBy = side;
            browserCode = forBrowser;
            upstreamCode = forUpstream;
            frameCode = frame;
            frameReason = reason;
            closingSince = System.nanoTime();
        }
    }

    /**
     * Queues the decided close frame towards both sides (each direction sends one, and none once its socket is
     * gone), whichever thread gets here first: a later close on another thread (the browser's socket closing once
     * it has its close frame, while the proxy's own close is still on its way upstream) must not put its own code
     * in the frame.
     */
    private void sendCloses() {
        int code;
        String reason;
        synchronized (this) {
            code = frameCode;
            reason = frameReason;
        }
        toBrowser.sendClose(code, reason);
        toUpstream.sendClose(code, reason);
    }

    @Override
    public void ping() {
        toBrowser.inject(ControlFrames.ping(false));
        toUpstream.inject(ControlFrames.ping(true));
    }

    @Override
    public void check(long now) {
        boolean closing;
        long since;
        synchronized (this) {
            if (finished) {
                return;
            }
            closing = closedBy != null;
            since = closingSince;
        }
        // Checks run on the proxy's one timer thread for every pair: closing a socket is left to the pool, since
        // closing one that a stalled write holds may wait for that write.
        if (closing) {
            if (now - since > CLOSE_HANDSHAKE.toNanos()) {
                runHereOrSoon(this::finish); // the timer's thread: on the pool
            }
            return;
        }
        boolean browserStalled = toBrowser.stalled(now);
        boolean upstreamStalled = toUpstream.stalled(now);
        if (browserStalled || upstreamStalled) {
            // A peer that reads nothing for the whole idle timeout while we write to it is as good as gone: the
            // other is told 1011 and closes as usual, the stalled one's socket is closed at once (from the pool,
            // since closing a socket that a write holds may wait for that write).
            closeBoth(1011, "peer not reading");
            if (browserStalled) {
                runSoon(writer, this::browserEnded);
            }
            if (upstreamStalled) {
                runSoon(writer, this::upstreamEnded);
            }
        } else if (idle(now, toUpstream.lastRead(), toBrowser.lastWrite())
                || idle(now, toBrowser.lastRead(), toUpstream.lastWrite())) {
            closeBoth(1001, "idle timeout");
        } else if (inactivity.expired(now, toUpstream.scanner().payloadBytes() + toBrowser.scanner().payloadBytes())) {
            // Pings keep a forgotten tab's socket from ever being idle; messages are what counts here.
            closeBoth(1001, "inactive");
        }
    }

    // A socket is idle when nothing was read from it nor written to it for the idle timeout.
    private boolean idle(long now, long lastRead, long lastWrite) {
        return now - Math.max(lastRead, lastWrite) > idleNanos;
    }

    /**
     * Called whenever a close frame was written or read: a socket whose close handshake is complete is closed
     * (a server closes first, RFC 6455 §7.1.1), and once both are, the pair is finished.
     */
    void maybeFinish() {
        Wire browserDone = null;
        Wire upstreamDone = null;
        boolean done;
        synchronized (this) {
            if (closedBy == null || finished) {
                return;
            }
            boolean browserClosed = browserEnded || (doneWithBrowserInput && toBrowser.closeSent());
            boolean upstreamClosed = upstreamEnded || (doneWithUpstreamInput && toUpstream.closeSent());
            done = browserClosed && upstreamClosed;
            if (!done) {
                browserDone = browserClosed ? browser : null;
                upstreamDone = upstreamClosed ? upstream : null;
            }
        }
        if (done) {
            // This may run on a container's selector thread (a write that completed there): reporting the close runs
            // the integrator's listener, which is left to the pool there, and run now on the pair's own loop.
            runHereOrSoon(this::finish);
            return;
        }
        if (browserDone != null) {
            browserDone.close();
        }
        if (upstreamDone != null) {
            upstreamDone.close();
        }
    }

    /**
     * Runs {@code task} at once on the pair's relay loop, whose thread only does work that never blocks (the
     * listener is held to that too), and on the pool from any other thread: a timer's, a container's, a listener's.
     * Every close took three hops to the pool (the two close frames and the report), three thread wake-ups for
     * each socket opened and closed (issue 29).
     */
    void runHereOrSoon(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            runSoon(writer, task);
        }
    }

    /** Runs {@code task} on {@code pool}, or here if the pool refuses it (stopping). */
    static void runSoon(Executor pool, Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Closes both sockets and reports the pair closed, once. */
    private void finish() {
        Wire browserWire;
        Wire upstreamWire;
        SocketClosed.Side by;
        int forBrowser;
        int forUpstream;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            browserWire = browser;
            upstreamWire = upstream;
            if (closedBy == null) {
                decide(SocketClosed.Side.PROXY, 1011, 1011, 1011, "");
            }
            by = closedBy;
            forBrowser = browserCode;
            forUpstream = upstreamCode;
        }
        toBrowser.stop();
        toUpstream.stop();
        InflatedSize counter = inflatedSize;
        if (counter != null) {
            counter.release();
        }
        if (browserWire != null) {
            browserWire.close();
        }
        if (upstreamWire != null) {
            upstreamWire.close();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - openedNanos);
        FrameScanner up = toUpstream.scanner();
        FrameScanner down = toBrowser.scanner();
        LOG.debug("socket {} closed by {}: workspace {} browser {} upstream {} in {}/{}B out {}/{}B {}ms", id,
                by.label(), exchange.workspace(), forBrowser, forUpstream, up.messages(), up.payloadBytes(),
                down.messages(), down.payloadBytes(), duration.toMillis());
        listener.socketClosed(new SocketClosed(id, exchange.workspace(), exchange.caller().subject(), subprotocol,
                forBrowser, forUpstream, by, up.messages(), up.payloadBytes(), down.messages(),
                down.payloadBytes(), duration));
        // Released after the report: once the proxy counts a pair gone, its SocketClosed has been delivered.
        onRelease.accept(this);
    }

    /** Whether the pair was released. */
    synchronized boolean isFinished() {
        return finished;
    }
}

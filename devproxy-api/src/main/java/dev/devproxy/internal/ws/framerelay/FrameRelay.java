package dev.devproxy.internal.ws.framerelay;

import dev.devproxy.DevProxyListener;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.ws.Inactivity;
import dev.devproxy.internal.ws.LivePair;
import dev.devproxy.internal.ws.frames.CloseCodes;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. One relayed WebSocket pair: the browser's socket (a Jakarta session, through
 * {@link FrameRelayBrowser}) and the upstream socket (a Jetty client session, through {@link FrameRelayUpstream}),
 * bound at upgrade time to one {@link Exchange} and so to one target.
 *
 * <p>Frames flow only as fast as the receiving side accepts them: upstream frames are demanded one at a
 * time, after the previous one was written to the browser; browser frames are handed upstream from the
 * container's read thread, which waits until the upstream accepted them. Close codes cross through
 * {@link CloseCodes}; whichever side closes first, the other is closed and the pair is released once.
 */
public final class FrameRelay implements LivePair {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");

    /** Who started the close. */
    /** "No status received" (RFC 6455 §7.4.1): a close frame without a code, never a code on the wire. */
    private static final int NO_STATUS = 1005;

    final long id;
    final Exchange exchange;
    final long maxMessageSize;
    final Duration sendTimeout;
    private final DevProxyListener listener;
    private final Consumer<LivePair> onRelease;
    private volatile String subprotocol = "";
    private final long openedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Inactivity inactivity;
    final AtomicLong browserToUpstreamMessages = new AtomicLong();
    final AtomicLong browserToUpstreamBytes = new AtomicLong();
    final AtomicLong upstreamToBrowserMessages = new AtomicLong();
    final AtomicLong upstreamToBrowserBytes = new AtomicLong();
    public final FrameRelayUpstream upstreamSide;
    public final FrameRelayBrowser browserSide;
    private final FrameRelaySide<Session> upstream = new FrameRelaySide<>();
    private final FrameRelaySide<jakarta.websocket.Session> browser = new FrameRelaySide<>();
    private volatile boolean abandoned;

    public FrameRelay(long id, Exchange exchange, long maxMessageSize, Duration sendTimeout, Duration inactivityTimeout,
            DevProxyListener listener, Consumer<LivePair> onRelease) {
        this.id = id;
        this.inactivity = new Inactivity(inactivityTimeout);
        this.exchange = exchange;
        this.maxMessageSize = maxMessageSize;
        this.sendTimeout = sendTimeout;
        this.listener = listener;
        this.onRelease = onRelease;
        this.upstreamSide = new FrameRelayUpstream(this);
        this.browserSide = new FrameRelayBrowser(this);
    }

    @Override
    public void check(long now) {
        // Pings keep a forgotten tab's socket from ever being idle; messages are what counts here.
        if (inactivity.expired(now, browserToUpstreamBytes.get() + upstreamToBrowserBytes.get())) {
            closeBoth(1001, "inactive");
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    /** Records the subprotocol the upstream chose ("" for none). */
    public void negotiated(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    Session upstream() {
        return upstream.session();
    }

    jakarta.websocket.Session browser() {
        return browser.session();
    }

    boolean isClosed() {
        return closed.get();
    }

    void upstreamOpened(Session session) {
        FrameRelaySide.Close pending = upstream.opened(session);
        if (abandoned) {
            // The dial was given up (timeout) but the upstream answered after all: do not leave it open.
            session.close(1001, "gave up waiting", Callback.NOOP);
        } else if (pending != null) {
            // The pair was closed while it was being dialled (shutdown, revocation).
            closeUpstream(pending.code(), pending.reason());
        }
    }

    /** The dial failed or timed out: a late upstream session must be closed as soon as it appears. */
    public void abandon() {
        abandoned = true;
        Session session = upstream.session();
        if (session != null) {
            session.close(1001, "gave up waiting", Callback.NOOP);
        }
    }

    /** The browser side is open: start reading upstream, unless the pair was closed meanwhile. */
    void browserOpened(jakarta.websocket.Session session) {
        FrameRelaySide.Close pending = browser.opened(session);
        if (pending != null) {
            closeBrowser(pending.code(), pending.reason());
            return;
        }
        if (closed.get()) {
            // A close is under way and has not reached the browser side yet: it will find this session.
            return;
        }
        listener.socketOpened(new SocketOpened(id, exchange.workspace(), exchange.caller().subject(), subprotocol));
        LOG.debug("socket {} opened: workspace {} path {} subprotocol '{}'", id, exchange.workspace(), exchange.rest(),
                subprotocol);
        upstream.session().demand();
    }

    /**
     * The browser closed (or vanished: 1006, which tells the upstream 1001 "going away"). A close without a status
     * code (1005) goes upstream without one: Jetty's client sends an empty close frame for it.
     */
    void browserClosed(int code, String reason) {
        int toUpstream = code == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() ? 1001
                : code == NO_STATUS ? NO_STATUS : CloseCodes.toSendable(code);
        finish(SocketClosed.Side.BROWSER, code, toUpstream, reason);
    }

    /**
     * The upstream closed (or vanished: 1006, which the table maps to 1011). A close without a status code reaches the
     * browser as 1000: the Jakarta API has no close without a code, and Tomcat would write 1005 on the wire.
     */
    void upstreamClosed(int code, String reason) {
        int toBrowser = CloseCodes.toSendable(code);
        String why = code == 1006 ? "upstream connection lost" : reason;
        finish(SocketClosed.Side.UPSTREAM, toBrowser, code, why);
    }

    /** The proxy closes both sides with one code (failure, revocation, shutdown). */
    @Override
    public void closeBoth(int code, String reason) {
        finish(SocketClosed.Side.PROXY, code, code, reason);
    }

    private void finish(SocketClosed.Side closedBy, int browserCode, int upstreamCode, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String safeReason = CloseCodes.truncateReason(reason);
        if (closedBy != SocketClosed.Side.UPSTREAM) {
            closeUpstream(upstreamCode == NO_STATUS ? NO_STATUS : CloseCodes.toSendable(upstreamCode), safeReason);
        }
        if (closedBy != SocketClosed.Side.BROWSER) {
            closeBrowser(CloseCodes.toSendable(browserCode), safeReason);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - openedNanos);
        LOG.debug("socket {} closed by {}: workspace {} browser {} upstream {} in {}/{}B out {}/{}B {}ms", id,
                closedBy.label(), exchange.workspace(), browserCode, upstreamCode, browserToUpstreamMessages.get(),
                browserToUpstreamBytes.get(), upstreamToBrowserMessages.get(), upstreamToBrowserBytes.get(),
                duration.toMillis());
        listener.socketClosed(new SocketClosed(id, exchange.workspace(), exchange.caller().subject(), subprotocol,
                browserCode, upstreamCode, closedBy, browserToUpstreamMessages.get(), browserToUpstreamBytes.get(),
                upstreamToBrowserMessages.get(), upstreamToBrowserBytes.get(), duration));
        // Released after the report: once the proxy counts a pair gone, its SocketClosed has been delivered.
        onRelease.accept(this);
    }

    // Still being dialled, the upstream is closed as soon as it opens.
    private void closeUpstream(int code, String reason) {
        Session session = upstream.closeOrKeep(code, reason);
        if (session != null && session.isOpen()) {
            session.close(code, reason, Callback.NOOP);
        }
    }

    // Still being upgraded, the browser's side is closed as soon as it opens.
    private void closeBrowser(int code, String reason) {
        jakarta.websocket.Session session = browser.closeOrKeep(code, reason);
        if (session != null && session.isOpen()) {
            try {
                session.close(new CloseReason(() -> code, reason));
            } catch (Exception e) {
                LOG.debug("socket {}: closing the browser side failed: {}", id, e.toString());
            }
        }
    }

    /** Sends a keep-alive ping to both sides; failures surface through the sessions' own error paths. */
    @Override
    public void ping() {
        if (closed.get()) {
            return;
        }
        Session up = upstream.session();
        if (up != null && up.isOpen()) {
            up.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
        jakarta.websocket.Session down = browser.session();
        if (down != null && down.isOpen()) {
            try {
                down.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (Exception e) {
                LOG.debug("socket {}: keep-alive ping to the browser failed: {}", id, e.toString());
            }
        }
    }
}

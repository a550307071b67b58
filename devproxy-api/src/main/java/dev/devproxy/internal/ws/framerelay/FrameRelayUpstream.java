package dev.devproxy.internal.ws.framerelay;

import dev.devproxy.internal.ws.frames.Utf8;
import jakarta.websocket.RemoteEndpoint;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Internal: not API. The upstream half of a {@link FrameRelay}: a Jetty client listener with explicit demand.
 * Each upstream frame is written to the browser before the next is demanded. A whole message in one
 * frame goes out asynchronously (no thread held while a slow browser drains); fragments of a larger
 * message go out with the blocking partial API, the only partial send Jakarta WebSocket offers.
 *
 * <p>Pings from the upstream are answered by Jetty itself; so are the pongs to our keep-alive pings. Public
 * only because Jetty binds listener methods through a public lookup.
 */
public final class FrameRelayUpstream implements Session.Listener {
    private final FrameRelay relay;
    private boolean inTextMessage;
    private boolean inBinaryMessage;
    private long messageBytes;

    FrameRelayUpstream(FrameRelay relay) {
        this.relay = relay;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        relay.upstreamOpened(session);
        // No demand yet: frames are read only once the browser side is open (FrameRelay.browserOpened).
    }

    @Override
    public void onWebSocketPartialText(String text, boolean last) {
        if (!count(Utf8.length(text), last)) {
            return;
        }
        jakarta.websocket.Session browser = relay.browser();
        try {
            if (last && !inTextMessage) {
                browser.getAsyncRemote().sendText(text, result -> afterSend(result.isOK(), result.getException(), null));
                return;
            }
            inTextMessage = !last;
            browser.getBasicRemote().sendText(text, last);
            afterSend(true, null, null);
        } catch (Exception e) {
            afterSend(false, e, null);
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        if (!count(payload.remaining(), last)) {
            callback.succeed();
            return;
        }
        jakarta.websocket.Session browser = relay.browser();
        try {
            if (last && !inBinaryMessage) {
                browser.getAsyncRemote().sendBinary(payload, result -> afterSend(result.isOK(), result.getException(), callback));
                return;
            }
            inBinaryMessage = !last;
            RemoteEndpoint.Basic basic = browser.getBasicRemote();
            basic.sendBinary(payload, last);
            afterSend(true, null, callback);
        } catch (Exception e) {
            afterSend(false, e, callback);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        relay.upstreamClosed(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        relay.upstreamClosed(1006, "upstream error");
    }

    private boolean count(long bytes, boolean last) {
        messageBytes += bytes;
        if (messageBytes > relay.maxMessageSize) {
            relay.closeBoth(1009, "message too big");
            return false;
        }
        relay.upstreamToBrowserBytes.addAndGet(bytes);
        if (last) {
            relay.upstreamToBrowserMessages.incrementAndGet();
            messageBytes = 0;
        }
        return true;
    }

    private void afterSend(boolean ok, Throwable failure, Callback callback) {
        if (callback != null) {
            if (ok) {
                callback.succeed();
            } else {
                callback.fail(failure);
            }
        }
        if (ok) {
            Session upstream = relay.upstream();
            if (upstream != null && !relay.isClosed()) {
                upstream.demand();
            }
        } else {
            // The browser cannot be written to: it is gone or broken. Tell the upstream it went away.
            relay.browserClosed(1006, "browser unreachable");
        }
    }
}

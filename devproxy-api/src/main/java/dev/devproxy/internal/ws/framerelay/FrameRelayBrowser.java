package dev.devproxy.internal.ws.framerelay;

import dev.devproxy.internal.ws.frames.Utf8;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * Internal: not API. The browser half of a {@link FrameRelay}: a Jakarta endpoint instance bound to one relay
 * (handed to the container by the per-request configurator). Browser frames are relayed as they arrive,
 * fragment by fragment, and the handler returns only once the upstream accepted the frame: the container
 * reads no further from this browser until then, which is the backpressure in this direction.
 */
public final class FrameRelayBrowser extends Endpoint {
    private final FrameRelay relay;
    private boolean inTextMessage;
    private boolean inBinaryMessage;
    private long messageBytes;

    FrameRelayBrowser(FrameRelay relay) {
        this.relay = relay;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(relay.sendTimeout.toMillis());
        CloseTimeouts.allow(session, relay.sendTimeout);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        relay.browserOpened(session);
    }

    private void onText(String text, boolean last) {
        if (!count(Utf8.length(text), last)) {
            return;
        }
        Callback.Completable sent = new Callback.Completable();
        if (last && !inTextMessage) {
            relay.upstream().sendText(text, sent);
        } else {
            inTextMessage = !last;
            relay.upstream().sendPartialText(text, last, sent);
        }
        await(sent);
    }

    private void onBinary(ByteBuffer payload, boolean last) {
        if (!count(payload.remaining(), last)) {
            return;
        }
        Callback.Completable sent = new Callback.Completable();
        if (last && !inBinaryMessage) {
            relay.upstream().sendBinary(payload, sent);
        } else {
            inBinaryMessage = !last;
            relay.upstream().sendPartialBinary(payload, last, sent);
        }
        await(sent);
    }

    // Waiting here holds the container's read for this browser: no further frame is read until the upstream
    // took this one. The buffer handed to us is only valid during this call, another reason to wait.
    private void await(Callback.Completable sent) {
        try {
            sent.get(relay.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            relay.closeBoth(1011, "upstream not accepting data");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            relay.closeBoth(1001, "interrupted");
        } catch (Exception e) {
            relay.upstreamClosed(1006, "upstream write failed");
        }
    }

    private boolean count(long bytes, boolean last) {
        messageBytes += bytes;
        if (messageBytes > relay.maxMessageSize) {
            relay.closeBoth(1009, "message too big");
            return false;
        }
        relay.browserToUpstreamBytes.addAndGet(bytes);
        if (last) {
            relay.browserToUpstreamMessages.incrementAndGet();
            messageBytes = 0;
        }
        return true;
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        relay.browserClosed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        relay.browserClosed(1006, "browser error");
    }
}

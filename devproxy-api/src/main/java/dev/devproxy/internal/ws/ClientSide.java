package dev.devproxy.internal.ws;

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
 * Internal: not API. The browser half of a {@link Relay}: a Jakarta endpoint instance bound to one relay
 * (handed to the container by the per-request configurator). Browser frames are relayed as they arrive,
 * fragment by fragment, and the handler returns only once the upstream accepted the frame: the container
 * reads no further from this browser until then, which is the backpressure in this direction.
 */
public final class ClientSide extends Endpoint {
    private final Relay relay;
    private boolean inTextMessage;
    private boolean inBinaryMessage;
    private long messageBytes;

    ClientSide(Relay relay) {
        this.relay = relay;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(relay.sendTimeout.toMillis());
        CloseTimeouts.allow(session, relay.sendTimeout);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        relay.clientOpened(session);
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
        relay.clientToUpstreamBytes.addAndGet(bytes);
        if (last) {
            relay.clientToUpstreamMessages.incrementAndGet();
            messageBytes = 0;
        }
        return true;
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        relay.clientClosed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        relay.clientClosed(1006, "client error");
    }
}

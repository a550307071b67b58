package dev.devproxy.internal.ws.framerelay;

import dev.devproxy.Failure;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;

/**
 * Internal: not API. An endpoint that closes as soon as it opens, with the failure's application close
 * code: how an unauthenticated browser socket learns it must bootstrap again ({@code 4401}), since
 * browsers hide the HTTP status of a refused handshake.
 */
public final class Rejecting extends Endpoint {
    private final Failure failure;
    private final Duration closeTimeout;

    public Rejecting(Failure failure, Duration closeTimeout) {
        this.failure = failure;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        CloseTimeouts.allow(session, closeTimeout);
        try {
            session.close(new CloseReason(failure::closeCode, failure.title()));
        } catch (IOException e) {
            // The browser went away before hearing why; nothing else holds this socket.
        }
    }
}

package dev.devproxy.event;

import dev.devproxy.WorkspaceId;
import java.time.Duration;

/**
 * A WebSocket pair was closed.
 *
 * @param socketId the id from {@link SocketOpened}
 * @param workspace the workspace
 * @param subject the caller
 * @param subprotocol the negotiated subprotocol, or empty
 * @param clientCloseCode the close code exchanged with the browser
 * @param upstreamCloseCode the close code exchanged with the upstream
 * @param closedBy which side started the close: {@code "client"}, {@code "upstream"} or {@code "proxy"}
 * @param clientToUpstreamMessages messages relayed browser to upstream
 * @param clientToUpstreamBytes payload bytes relayed browser to upstream
 * @param upstreamToClientMessages messages relayed upstream to browser
 * @param upstreamToClientBytes payload bytes relayed upstream to browser
 * @param duration how long the pair was open
 */
public record SocketClosed(long socketId, WorkspaceId workspace, String subject, String subprotocol,
        int clientCloseCode, int upstreamCloseCode, String closedBy,
        long clientToUpstreamMessages, long clientToUpstreamBytes,
        long upstreamToClientMessages, long upstreamToClientBytes, Duration duration) {
}

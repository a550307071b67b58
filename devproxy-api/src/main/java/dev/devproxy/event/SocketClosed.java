package dev.devproxy.event;

import dev.devproxy.WorkspaceId;
import java.time.Duration;

/**
 * A WebSocket pair was closed. The pair's two sides are the <em>browser</em> (whose socket reached the host
 * application) and the <em>upstream</em> (the workspace's server devproxy dialled).
 *
 * @param socketId the id from {@link SocketOpened}
 * @param workspace the workspace
 * @param subject the caller
 * @param subprotocol the negotiated subprotocol, or empty
 * @param browserCloseCode the close code exchanged with the browser
 * @param upstreamCloseCode the close code exchanged with the upstream
 * @param closedBy which side started the close
 * @param browserToUpstreamMessages messages relayed browser to upstream
 * @param browserToUpstreamBytes payload bytes relayed browser to upstream
 * @param upstreamToBrowserMessages messages relayed upstream to browser
 * @param upstreamToBrowserBytes payload bytes relayed upstream to browser
 * @param duration how long the pair was open
 */
public record SocketClosed(long socketId, WorkspaceId workspace, String subject, String subprotocol,
        int browserCloseCode, int upstreamCloseCode, Side closedBy,
        long browserToUpstreamMessages, long browserToUpstreamBytes,
        long upstreamToBrowserMessages, long upstreamToBrowserBytes, Duration duration) {

    /** Which side of a pair started its close. */
    public enum Side {
        /** The browser sent a close frame, or its connection ended. */
        BROWSER,
        /** The upstream sent a close frame, or its connection ended. */
        UPSTREAM,
        /**
         * devproxy closed both sides: a protocol violation, a limit, an idle or credential timeout, a revocation, the
         * proxy stopping.
         */
        PROXY;

        /** The lower-case name, as in logs and metric tags: {@code browser}, {@code upstream}, {@code proxy}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

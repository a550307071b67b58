package dev.devproxy.event;

import dev.devproxy.Failure;
import dev.devproxy.WorkspaceId;

/**
 * Reaching the workspace's upstream (or its registry) failed.
 *
 * @param workspace the workspace
 * @param kind what went wrong
 * @param failure what the browser was answered
 */
public record UpstreamFailure(WorkspaceId workspace, Kind kind, Failure failure) {
    /** The classification of an upstream failure. */
    public enum Kind {
        /** The {@code TargetResolver} threw: the registry is down. */
        RESOLVER_FAILED,
        /** The {@code TargetResolver} broke its contract (returned null). */
        RESOLVER_BROKEN,
        /** The upstream refused the connection. */
        CONNECT_REFUSED,
        /** The upstream did not accept the connection in time. */
        CONNECT_TIMEOUT,
        /** The upstream stopped answering (idle timeout). */
        RESPONSE_TIMEOUT,
        /** The upstream reset or closed the connection mid-exchange. */
        CONNECTION_RESET,
        /**
         * The upstream answered the WebSocket handshake with something other than 101 or a 4xx (a refusal of its own,
         * which is relayed to the browser and reported as an {@code ExchangeCompleted} instead).
         */
        HANDSHAKE_REJECTED,
        /**
         * The upstream's answer broke HTTP or could not be relayed: a {@code 101} to a request that asked for no
         * upgrade, a response head larger than the proxy reads, a response that does not parse.
         */
        MALFORMED_RESPONSE
    }
}

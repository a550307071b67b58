package dev.devproxy.event;

import dev.devproxy.WorkspaceId;

/**
 * A request was refused because it would have passed one of the proxy's {@code Limits} (429, or close 1013).
 *
 * @param limit which limit
 * @param workspace the workspace asked for
 * @param subject the caller
 */
public record LimitReached(Limit limit, WorkspaceId workspace, String subject) {
    /** The limits of {@code dev.devproxy.Limits}. */
    public enum Limit {
        /** WebSocket pairs of one subject. */
        WEBSOCKETS_PER_SUBJECT,
        /** WebSocket pairs of one workspace. */
        WEBSOCKETS_PER_WORKSPACE,
        /** WebSocket pairs of the whole proxy. */
        WEBSOCKETS_PER_PROXY,
        /** Upgrades dialling one workspace at once. */
        DIALS_PER_WORKSPACE,
        /** HTTP exchanges in flight with one workspace. */
        HTTP_EXCHANGES_PER_WORKSPACE
    }
}

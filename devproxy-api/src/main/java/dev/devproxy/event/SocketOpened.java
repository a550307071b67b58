package dev.devproxy.event;

import dev.devproxy.WorkspaceId;

/**
 * A WebSocket pair (browser and upstream) was connected.
 *
 * @param socketId a per-proxy unique id for correlating with {@link SocketClosed}
 * @param workspace the workspace
 * @param subject the caller
 * @param subprotocol the subprotocol the upstream chose, or empty
 */
public record SocketOpened(long socketId, WorkspaceId workspace, String subject, String subprotocol) {
}

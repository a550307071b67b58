package dev.devproxy.event;

import dev.devproxy.WorkspaceId;

/**
 * A launch token was exchanged for a session cookie.
 *
 * @param workspace the workspace opened
 * @param subject who opened it
 * @param tokenId the consumed token's id
 * @param sessionId the id of the session it started, for {@code DevProxy.revokeSession}
 */
public record BootstrapAccepted(WorkspaceId workspace, String subject, String tokenId, String sessionId) {
}

package dev.devproxy.event;

import dev.devproxy.WorkspaceId;
import java.time.Instant;

/**
 * A launch token was issued.
 *
 * @param workspace the workspace it opens
 * @param subject who it was issued to
 * @param tokenId its unique id (the token itself is never reported)
 * @param expiresAt when it expires
 */
public record TokenIssued(WorkspaceId workspace, String subject, String tokenId, Instant expiresAt) {
}

package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import java.time.Duration;

/**
 * Issues launch tokens: short-lived, single-use, bound to one subject and one workspace.
 *
 * <p>Called by {@code DevProxy.issueLaunch} (and so by the token endpoint) on the caller's thread.
 * Must not return null. The default implementation is {@link dev.devproxy.token.JwtTokens}.
 */
@FunctionalInterface
public interface TokenIssuer {
    /**
     * Issues a token.
     *
     * @param subject who the token is for (the integrator's user id)
     * @param workspace the only workspace the token opens
     * @param ttl how long the token is valid
     * @return the token with its id and expiry
     */
    IssuedToken issue(String subject, WorkspaceId workspace, Duration ttl);
}

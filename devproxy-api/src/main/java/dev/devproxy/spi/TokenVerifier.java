package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import java.time.Duration;

/**
 * Verifies a launch token presented at the bootstrap route ({@code ?token=}). A launch token is never a tunnel
 * credential; devproxy also asks the verifier whether an {@code Authorization: Bearer} value on the tunnel is one of
 * its tokens, so that it never reaches the upstream.
 *
 * <p><b>When:</b> on every bootstrap, and on every tunnel request that carries {@code Authorization: Bearer}. <b>Thread:</b> a container request thread; should not block (a JWKS fetch is
 * better done in the background). <b>Results:</b> a {@link VerificationResult}, never null; an
 * exception means the verifier's own infrastructure is down (503), never "bad token" — a bad token
 * is a {@link VerificationResult.Rejected}.
 *
 * <p>Single use is enforced by devproxy around the verifier (through {@link ReplayStore}), so
 * implementations need not track token ids. The default implementation is
 * {@link dev.devproxy.token.JwtTokens}.
 */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * Verifies {@code token} for {@code expectedWorkspace}.
     *
     * @param token the token as presented; never null, possibly garbage
     * @param expectedWorkspace the workspace named in the URL; a token for another workspace must be
     *     rejected with {@link RejectionReason#WRONG_WORKSPACE}
     * @return {@link VerificationResult.Verified} or {@link VerificationResult.Rejected}
     */
    VerificationResult verify(String token, WorkspaceId expectedWorkspace);

    /**
     * How far past its expiry this verifier still accepts a token (its clock skew allowance); devproxy asks the
     * {@link ReplayStore} to remember a spent token this much longer. Default: none.
     */
    default Duration clockSkew() {
        return Duration.ZERO;
    }
}

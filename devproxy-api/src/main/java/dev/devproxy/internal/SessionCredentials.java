package dev.devproxy.internal;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Internal: not API. The value of the session cookie set at bootstrap: an HS256 JWT with {@code type} =
 * {@code "dev-ide-session"}, signed with the per-{@code DevProxy} session secret. Bearer access tokens are the same
 * with {@code type} = {@code "dev-ide-access"} ({@link #accessTokens}).
 *
 * <p>The {@code type} claim keeps the two kinds of credential apart even when an integrator signs launch
 * tokens with the same secret: a launch token presented as a session, or a session presented as a launch
 * token, is {@link RejectionReason#WRONG_TYPE}. Both ends use the same clock, so no skew is allowed.
 * Immutable and thread-safe.
 */
public final class SessionCredentials {
    private static final String SESSION = "dev-ide-session";
    private static final String ACCESS = "dev-ide-access";

    private final JwtCodec codec;
    private final Clock clock;
    private final VerifiedSessions verified = new VerifiedSessions();

    /**
     * Creates session credentials.
     *
     * @param secret the HMAC key, at least 32 bytes; copied
     * @param clock the time source for issuing and verifying
     * @throws IllegalArgumentException if {@code secret} is shorter than 32 bytes
     */
    public SessionCredentials(byte[] secret, Clock clock) {
        this(secret, clock, SESSION);
    }

    private SessionCredentials(byte[] secret, Clock clock, String type) {
        this.codec = new JwtCodec(JwtCodec.Keys.hmac256(secret, "sessionSecret"), type, null, null, Duration.ZERO, clock);
        this.clock = clock;
    }

    /** Bearer access tokens: the same key, another type, so that neither is ever accepted as the other. */
    public static SessionCredentials accessTokens(byte[] secret, Clock clock) {
        return new SessionCredentials(secret, clock, ACCESS);
    }

    /**
     * Issues a session cookie value.
     *
     * @param subject the subject of the launch token that opened the session
     * @param workspace the workspace the session is bound to
     * @param ttl how long the session lasts, at least one second
     * @return the signed value (a secret: never log it), its id and expiry
     */
    public IssuedToken issue(String subject, WorkspaceId workspace, Duration ttl) {
        return codec.issue(subject, workspace, ttl);
    }

    /**
     * Verifies a cookie value for {@code expectedWorkspace}, with the same reasons as launch tokens.
     * Never throws for a bad value, never returns null. A value verified before answers from a cache, with
     * the same result a full verification would give ({@link VerifiedSessions}).
     *
     * @param value the cookie value as presented; null is {@link RejectionReason#MISSING}
     * @param expectedWorkspace the workspace named in the URL
     */
    public VerificationResult verify(String value, WorkspaceId expectedWorkspace) {
        return check(value, expectedWorkspace).result();
    }

    /** Like {@link #verify}, with the credential's issue time (for revocation). */
    public JwtCodec.Checked check(String value, WorkspaceId expectedWorkspace) {
        if (value == null || value.length() > JwtCodec.MAX_TOKEN_LENGTH) {
            return codec.check(value, expectedWorkspace);
        }
        Instant now = clock.instant();
        ByteBuffer key = VerifiedSessions.key(value);
        JwtCodec.Checked hit = verified.get(key, expectedWorkspace, now);
        if (hit != null) {
            return hit;
        }
        JwtCodec.Checked checked = codec.check(value, expectedWorkspace);
        if (checked.result() instanceof VerificationResult.Verified) {
            verified.put(key, checked, now);
        }
        return checked;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "SessionCredentials[alg=HS256]";
    }
}

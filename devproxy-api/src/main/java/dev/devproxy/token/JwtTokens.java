package dev.devproxy.token;

import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.JwtCodec;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.spi.VerificationResult;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The default launch tokens: short-lived JWTs signed with HS256, RS256 or ES256, bound to one subject
 * and one workspace.
 *
 * <pre>{@code
 * JwtTokens tokens = JwtTokens.hmac(secret)            // 32 bytes or more, shared by every API node
 *         .withIssuer("https://api.example.com")
 *         .withAudience("devproxy");
 * DevProxy proxy = DevProxy.builder().tokens(tokens)...build();
 * }</pre>
 *
 * <p>A token carries {@code sub} (the subject), {@code ws} (the workspace id), {@code type} =
 * {@code "dev-ide"}, {@code iat}, {@code exp}, a random {@code jti}, and {@code iss} / {@code aud} when
 * configured. A token issued by another system is accepted if it has the same claims and is signed with
 * the configured algorithm and key.
 *
 * <p>{@link #verify} never throws for a bad token and never returns null: each failure is a
 * {@link VerificationResult.Rejected} naming one {@link RejectionReason}. The algorithm is fixed by the
 * factory, never taken from the token: {@code alg: none}, or an HS256 token offered to an RS256 verifier,
 * is {@link RejectionReason#UNSUPPORTED_ALGORITHM}. Tokens longer than 8 KiB are
 * {@link RejectionReason#MALFORMED} without being parsed. Single use is not enforced here but by devproxy
 * through its {@link dev.devproxy.spi.ReplayStore}.
 *
 * <p>Instances are immutable and thread-safe; the {@code with...} methods return new instances.
 * {@link #toString()} shows the configuration, never a key or a token.
 */
public final class JwtTokens implements TokenIssuer, TokenVerifier {
    /** The largest clock skew {@link #withClockSkew} accepts; the replay store keeps ids this much longer. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String TYPE = "dev-ide";
    private static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private final JwtCodec.Keys keys;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final JwtCodec codec;

    private JwtTokens(JwtCodec.Keys keys, String issuer, String audience, Duration clockSkew, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.codec = new JwtCodec(keys, TYPE, issuer, audience, clockSkew, clock);
    }

    private static JwtTokens of(JwtCodec.Keys keys) {
        return new JwtTokens(keys, null, null, DEFAULT_CLOCK_SKEW, Clock.systemUTC());
    }

    /**
     * Tokens signed and verified with HS256 and {@code secret}. Every node that verifies needs the same
     * secret; keep it out of source control.
     *
     * @param secret at least 32 random bytes; copied
     * @throws IllegalArgumentException if {@code secret} is shorter than 32 bytes
     */
    public static JwtTokens hmac(byte[] secret) {
        return of(JwtCodec.Keys.hmac256(secret, "secret"));
    }

    /**
     * Tokens signed with RS256 and {@code privateKey}, verified with {@code publicKey}.
     *
     * @throws IllegalArgumentException if the key is shorter than 2048 bits or the keys are not a pair
     */
    public static JwtTokens rs256(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        return of(JwtCodec.Keys.rs256(publicKey, Objects.requireNonNull(privateKey, "privateKey")));
    }

    /**
     * Verifies RS256 tokens issued elsewhere (your API server, say) with {@code publicKey}; cannot issue.
     *
     * @throws IllegalArgumentException if the key is shorter than 2048 bits
     */
    public static JwtTokens rs256Verifier(RSAPublicKey publicKey) {
        return of(JwtCodec.Keys.rs256(publicKey, null));
    }

    /**
     * Tokens signed with ES256 (curve P-256) and {@code privateKey}, verified with {@code publicKey}.
     *
     * @throws IllegalArgumentException if a key is not on P-256 or the keys are not a pair
     */
    public static JwtTokens es256(ECPublicKey publicKey, ECPrivateKey privateKey) {
        return of(JwtCodec.Keys.es256(publicKey, Objects.requireNonNull(privateKey, "privateKey")));
    }

    /**
     * Verifies ES256 tokens issued elsewhere with {@code publicKey}; cannot issue.
     *
     * @throws IllegalArgumentException if the key is not on curve P-256
     */
    public static JwtTokens es256Verifier(ECPublicKey publicKey) {
        return of(JwtCodec.Keys.es256(publicKey, null));
    }

    /**
     * A copy that writes {@code iss} = {@code issuer} and requires it: a token without it, or with another
     * issuer, is {@link RejectionReason#WRONG_ISSUER}.
     *
     * @throws IllegalArgumentException if {@code issuer} is blank
     */
    public JwtTokens withIssuer(String issuer) {
        return new JwtTokens(keys, requireNotBlank(issuer, "issuer"), audience, clockSkew, clock);
    }

    /**
     * A copy that writes {@code aud} = {@code audience} and requires it among the token's audiences: a
     * token without it is {@link RejectionReason#WRONG_AUDIENCE}.
     *
     * @throws IllegalArgumentException if {@code audience} is blank
     */
    public JwtTokens withAudience(String audience) {
        return new JwtTokens(keys, issuer, requireNotBlank(audience, "audience"), clockSkew, clock);
    }

    /**
     * A copy that tolerates clocks this far apart when checking {@code exp}, {@code iat} and {@code nbf}
     * (default 30 seconds). JWT times are whole seconds, so a fraction of a second is dropped.
     *
     * @throws IllegalArgumentException if {@code clockSkew} is negative or over 5 minutes
     */
    public JwtTokens withClockSkew(Duration clockSkew) {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and " + MAX_CLOCK_SKEW + ", got " + clockSkew);
        }
        return new JwtTokens(keys, issuer, audience, clockSkew, clock);
    }

    /** The clock skew this verifier allows: the replay store remembers spent tokens this much past their expiry. */
    @Override
    public Duration clockSkew() {
        return clockSkew;
    }

    /** A copy that reads the time from {@code clock} (default {@link Clock#systemUTC()}), for issuing and verifying. */
    public JwtTokens withClock(Clock clock) {
        return new JwtTokens(keys, issuer, audience, clockSkew, Objects.requireNonNull(clock, "clock"));
    }

    /** Whether this instance holds a private key or secret and so can {@link #issue}. */
    public boolean canIssue() {
        return codec.canIssue();
    }

    /**
     * Issues a launch token. {@code iat} is now and {@code exp} is now plus {@code ttl}, both truncated to
     * whole seconds as JWT requires.
     *
     * @param subject who the token is for; not blank
     * @param workspace the only workspace it opens
     * @param ttl how long it is valid; at least one second
     * @throws IllegalStateException if this is a verify-only instance ({@link #canIssue()} is false)
     * @throws IllegalArgumentException if {@code subject} is blank, {@code ttl} under a second, or the
     *     subject so long that the token would exceed 8 KiB
     */
    @Override
    public IssuedToken issue(String subject, WorkspaceId workspace, Duration ttl) {
        if (!canIssue()) {
            throw new IllegalStateException("this JwtTokens holds only a " + codec.algorithm() + " public key and can"
                    + " verify but not issue; create it with rs256(publicKey, privateKey) or es256(publicKey, privateKey)"
                    + " to issue tokens");
        }
        return codec.issue(subject, workspace, ttl);
    }

    /**
     * Verifies {@code token} for {@code expectedWorkspace}; see the class documentation for the checks.
     *
     * @param token the token as presented, possibly garbage
     * @param expectedWorkspace the workspace named in the URL; not null
     * @return {@link VerificationResult.Verified} or {@link VerificationResult.Rejected}; never null
     */
    @Override
    public VerificationResult verify(String token, WorkspaceId expectedWorkspace) {
        return codec.verify(token, expectedWorkspace);
    }

    /** The algorithm and settings; never a key. */
    @Override
    public String toString() {
        return "JwtTokens[alg=" + codec.algorithm() + ", canIssue=" + canIssue()
                + (issuer != null ? ", issuer=" + issuer : "")
                + (audience != null ? ", audience=" + audience : "")
                + ", clockSkew=" + clockSkew + "]";
    }

    private static String requireNotBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }
}

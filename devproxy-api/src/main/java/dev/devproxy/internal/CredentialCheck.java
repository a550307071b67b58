package dev.devproxy.internal;

import dev.devproxy.Caller;
import dev.devproxy.Failure;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Internal: not API. Decides who a tunnel request is for: the session cookie bound to this workspace or, for clients
 * that are not browsers and only where enabled, a bearer access token. A launch token is never a tunnel credential
 * (issue 26, finding 2). A forged, expired, revoked or other-workspace credential is answered exactly like a missing
 * one. Also tells whether the request's {@code Authorization} header is devproxy's, whatever authenticated it, so
 * that it never reaches the upstream (finding 5).
 */
final class CredentialCheck {
    /**
     * The outcome: a caller, or the failure and the reason behind it.
     *
     * @param caller the verified caller, or null
     * @param credential what was verified, for revocation, or null
     * @param viaBearer true when an access token authenticated the caller (a WebSocket may then omit Origin)
     * @param authorizationIsOurs true when {@code Authorization} carries a devproxy token: it is never forwarded
     * @param failure the failure to answer when caller is null
     * @param reason why, for the log and the listener
     */
    record Result(Caller caller, IssuedCredential credential, boolean viaBearer, boolean authorizationIsOurs,
            Failure failure, RejectionReason reason) {
        boolean admitted() {
            return caller != null;
        }
    }

    /** The subject of callers of an entry proxy that needs no credential. */
    static final String ANONYMOUS = "anonymous";

    // Reasons a verifier gives only once the signature checked out (JwtCodec checks it before time and claims): the
    // token is devproxy's, even if it is not valid here.
    private static final Set<RejectionReason> SIGNED = EnumSet.of(RejectionReason.EXPIRED,
            RejectionReason.NOT_YET_VALID, RejectionReason.WRONG_WORKSPACE, RejectionReason.WRONG_TYPE,
            RejectionReason.WRONG_ISSUER, RejectionReason.WRONG_AUDIENCE, RejectionReason.MISSING_CLAIM);

    private final SessionCredentials sessions;
    private final SessionCredentials accessTokens;
    private final SpiGuard guard;
    private final RevocationStore revocations;
    private final boolean credentialRequired;

    /**
     * @param accessTokens the bearer access tokens, or null where they are not enabled
     */
    CredentialCheck(SessionCredentials sessions, SessionCredentials accessTokens, SpiGuard guard,
            RevocationStore revocations, boolean credentialRequired) {
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.guard = guard;
        this.revocations = revocations;
        this.credentialRequired = credentialRequired;
    }

    /**
     * @param cookieName the session cookie's name where the request was sent: the application's host or a
     *     workspace's own
     */
    Result check(HttpServletRequest request, WorkspaceId workspace, String cookieName) {
        String bearer = bearerToken(request);
        boolean authorizationIsOurs = bearer != null && isOurs(bearer, workspace);
        if (!credentialRequired) {
            // A root-workspace entry proxy configured without credentials (DevProxy.Builder.credentialRequired).
            return new Result(new Caller(ANONYMOUS, workspace, Instant.MAX),
                    new IssuedCredential(ANONYMOUS, ANONYMOUS, workspace, Instant.EPOCH), false, authorizationIsOurs,
                    null, null);
        }
        RejectionReason reason = RejectionReason.MISSING;
        for (String value : CookieHeaders.values(request, cookieName)) {
            Result result = admit(sessions.check(value, workspace), workspace, false, authorizationIsOurs);
            if (result.admitted() || result.failure() == Failure.SERVICE_UNAVAILABLE) {
                return result;
            }
            reason = result.reason();
        }
        if (bearer != null && accessTokens != null) {
            Result result = admit(accessTokens.check(bearer, workspace), workspace, true, true);
            if (result.admitted() || result.failure() == Failure.SERVICE_UNAVAILABLE) {
                return result;
            }
            reason = result.reason();
        }
        return new Result(null, null, false, authorizationIsOurs, Failure.UNAUTHENTICATED, reason);
    }

    private Result admit(JwtCodec.Checked checked, WorkspaceId workspace, boolean viaBearer, boolean authorizationIsOurs) {
        if (!(checked.result() instanceof VerificationResult.Verified verified)) {
            return new Result(null, null, false, authorizationIsOurs, Failure.UNAUTHENTICATED,
                    ((VerificationResult.Rejected) checked.result()).reason());
        }
        IssuedCredential credential = new IssuedCredential(verified.tokenId(), verified.subject(), workspace,
                checked.issuedAt());
        boolean revoked;
        try {
            revoked = revocations.isRevoked(credential);
        } catch (RuntimeException e) {
            // A shared store that cannot tell now (its copy of the fleet's revocations is too old) fails closed:
            // try again later, not "bad credential". The store logs the outage once; this is every request's.
            return new Result(null, null, false, authorizationIsOurs, Failure.SERVICE_UNAVAILABLE, null);
        }
        if (revoked) {
            return new Result(null, null, false, authorizationIsOurs, Failure.UNAUTHENTICATED, RejectionReason.REVOKED);
        }
        return new Result(new Caller(verified.subject(), workspace, verified.expiresAt()), credential, viaBearer,
                authorizationIsOurs, null, null);
    }

    /** Whether {@code token} is a devproxy token (an access token, or a launch token), valid here or not. */
    private boolean isOurs(String token, WorkspaceId workspace) {
        if (accessTokens != null && signedByUs(accessTokens.verify(token, workspace))) {
            return true;
        }
        SpiGuard.Outcome<VerificationResult> launch = guard.verify(token, workspace);
        return !launch.failed() && signedByUs(launch.value());
    }

    private static boolean signedByUs(VerificationResult result) {
        return result instanceof VerificationResult.Verified
                || SIGNED.contains(((VerificationResult.Rejected) result).reason());
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.length() <= 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}

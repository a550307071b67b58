package dev.devproxy.internal;

import dev.devproxy.Caller;
import dev.devproxy.Failure;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Locale;

/**
 * Internal: not API. Decides who a tunnel request is for: the session cookie bound to this workspace
 * or, for non-browser clients, a launch token in {@code Authorization: Bearer}. A forged, expired or
 * other-workspace credential is answered exactly like a missing one.
 */
final class CredentialCheck {
    /**
     * The outcome: a caller, or the failure and the reason behind it.
     *
     * @param caller the verified caller, or null
     * @param viaBearer true when the caller was authenticated by our bearer token (strip it upstream)
     * @param failure the failure to answer when caller is null
     * @param reason why, for the log and the listener
     */
    record Result(Caller caller, boolean viaBearer, Failure failure, RejectionReason reason) {
        boolean admitted() {
            return caller != null;
        }
    }

    private final SessionCredentials sessions;
    private final SpiGuard guard;
    private final boolean credentialRequired;

    /** The subject of callers of an entry proxy that needs no credential. */
    static final String ANONYMOUS = "anonymous";

    CredentialCheck(SessionCredentials sessions, SpiGuard guard, boolean credentialRequired) {
        this.sessions = sessions;
        this.guard = guard;
        this.credentialRequired = credentialRequired;
    }

    /**
     * @param cookieName the session cookie's name where the request was sent: the application's host or a
     *     workspace's own
     */
    Result check(HttpServletRequest request, WorkspaceId workspace, String cookieName) {
        if (!credentialRequired) {
            // A root-workspace entry proxy configured without credentials (DevProxy.Builder.credentialRequired).
            return new Result(new Caller(ANONYMOUS, workspace, Instant.MAX), false, null, null);
        }
        RejectionReason reason = RejectionReason.MISSING;
        for (String value : CookieHeaders.values(request, cookieName)) {
            VerificationResult result = sessions.verify(value, workspace);
            if (result instanceof VerificationResult.Verified) {
                return new Result(caller((VerificationResult.Verified) result), false, null, null);
            }
            reason = ((VerificationResult.Rejected) result).reason();
        }
        String bearer = bearerToken(request);
        if (bearer != null) {
            SpiGuard.Outcome<VerificationResult> outcome = guard.verify(bearer, workspace);
            if (outcome.failed()) {
                return new Result(null, false, outcome.failure(), null);
            }
            if (outcome.value() instanceof VerificationResult.Verified) {
                return new Result(caller((VerificationResult.Verified) outcome.value()), true, null, null);
            }
            reason = ((VerificationResult.Rejected) outcome.value()).reason();
        }
        return new Result(null, false, Failure.UNAUTHENTICATED, reason);
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

    private static Caller caller(VerificationResult.Verified verified) {
        return new Caller(verified.subject(), verified.workspace(), verified.expiresAt());
    }
}

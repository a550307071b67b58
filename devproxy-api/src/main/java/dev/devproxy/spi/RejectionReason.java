package dev.devproxy.spi;

/**
 * Why a credential was not accepted. Reported to the listener and logged at DEBUG; the browser always
 * sees the same 401, whatever the reason, so that nothing about tokens or workspaces leaks.
 */
public enum RejectionReason {
    /** No credential was presented. */
    MISSING,
    /** The token could not be decoded. */
    MALFORMED,
    /** The token's algorithm is not the one configured (including {@code alg: none}). */
    UNSUPPORTED_ALGORITHM,
    /** The signature does not verify with the configured key. */
    BAD_SIGNATURE,
    /** The token has expired. */
    EXPIRED,
    /** The token is not valid yet ({@code nbf}/{@code iat} in the future beyond the allowed skew). */
    NOT_YET_VALID,
    /** A required claim is absent. */
    MISSING_CLAIM,
    /** The {@code type} claim is not the expected one (a session credential used as a launch token, say). */
    WRONG_TYPE,
    /** The token is bound to another workspace. */
    WRONG_WORKSPACE,
    /** The issuer does not match the configured one. */
    WRONG_ISSUER,
    /** The audience does not match the configured one. */
    WRONG_AUDIENCE,
    /** The token was already used once. */
    REPLAYED,
    /**
     * The launch link was opened in another browser than the one it was issued to (it does not present the
     * binding cookie the link was made for): a forwarded link, or an attempt to sign someone else in (login CSRF).
     */
    NOT_BOUND,
    /** The credential was revoked ({@code DevProxy.revokeSession}, {@code revokeSubject}, {@code revokeWorkspace}). */
    REVOKED
}

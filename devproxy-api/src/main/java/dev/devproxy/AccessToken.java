package dev.devproxy;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer access token for a client that is not a browser (a CLI, a test harness, a desktop IDE's remote
 * connection): sent as {@code Authorization: Bearer <token>}, it opens one workspace's tunnel, HTTP and WebSocket
 * (without {@code Origin}), until it expires or is revoked. Issued by {@link DevProxy#issueAccessToken} only when the
 * proxy was built with {@link DevProxy.Builder#accessTokens}; never forwarded upstream.
 *
 * @param token the token; a secret: never log it
 * @param expiresAt when it stops being accepted
 */
public record AccessToken(String token, Instant expiresAt) {
    /** Validates that no component is null. */
    public AccessToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Omits the token, which is a secret. */
    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}

package dev.devproxy.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A token returned by a {@link TokenIssuer}.
 *
 * @param token the encoded token; a secret: never log it
 * @param tokenId the token's unique id (JWT {@code jti}), safe to log
 * @param expiresAt when the token stops being accepted
 */
public record IssuedToken(String token, String tokenId, Instant expiresAt) {
    /** Validates that no component is null. */
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Omits the token itself, which is a secret. */
    @Override
    public String toString() {
        return "IssuedToken[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
    }
}

package dev.devproxy;

import java.time.Instant;
import java.util.Objects;

/**
 * What the token endpoint returns: a launch token and the bootstrap URL that spends it.
 *
 * <p>The front end opens {@link #url()} in a new tab; devproxy exchanges the token for an HttpOnly
 * session cookie and redirects into {@code /__ide/{id}/}.
 *
 * @param token the signed launch token; a secret: never log it
 * @param url the bootstrap URL, {@code <context>/api/dev/{id}/ide?token=...}, relative to the host
 * @param expiresAt when the token stops being accepted
 */
public record LaunchToken(String token, String url, Instant expiresAt) {
    /** Validates that no component is null. */
    public LaunchToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Omits the token and URL, which are secrets. */
    @Override
    public String toString() {
        return "LaunchToken[expiresAt=" + expiresAt + "]";
    }
}

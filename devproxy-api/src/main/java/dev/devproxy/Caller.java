package dev.devproxy;

import java.time.Instant;
import java.util.Objects;

/**
 * Who a tunnel request or bootstrap is for, after devproxy verified the credential: the subject the
 * launch token was issued to, the workspace it is bound to, and when the credential expires.
 *
 * <p>Handed to {@code TargetResolver} so an integrator can scope the lookup to the caller.
 *
 * @param subject the token's subject (the integrator's user id); never null
 * @param workspace the workspace the credential is bound to; never null
 * @param expiresAt when the credential stops being accepted; never null
 */
public record Caller(String subject, WorkspaceId workspace, Instant expiresAt) {
    /** Validates that no component is null. */
    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * What devproxy knows of a credential it issued and a browser or client presents: a session cookie set at
 * bootstrap, or a bearer access token. A {@link RevocationStore} decides from these facts whether it was revoked.
 *
 * @param id the credential's unique id (the session id that {@code BootstrapAccepted} reports)
 * @param subject the subject it was issued to
 * @param workspace the workspace it is bound to
 * @param issuedAt when it was issued, to the second
 */
public record IssuedCredential(String id, String subject, WorkspaceId workspace, Instant issuedAt) {
    /** Validates that no component is null. */
    public IssuedCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}

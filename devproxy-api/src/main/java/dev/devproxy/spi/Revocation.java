package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One revocation: of a single session (or access token), of every credential a subject holds, or of every
 * credential for a workspace. A subject's or a workspace's revocation covers what was issued up to the second of
 * {@code revokedAt}; what is issued later (the user signs in and opens the IDE again) is not revoked.
 *
 * <pre>{@code
 * proxy.revokeSubject(user.id());   // signing out: every IDE session of the user ends, its sockets close
 * }</pre>
 *
 * @param scope what the revocation names
 * @param value the session id, subject or workspace id it names
 * @param revokedAt when it was made
 * @param keepUntil until when it must be remembered: the last moment a credential it covers could still be valid
 */
public record Revocation(Scope scope, String value, Instant revokedAt, Instant keepUntil) {
    /** What a revocation names. */
    public enum Scope {
        /** One session or access token, by its id. */
        SESSION,
        /** Every credential issued to one subject until then. */
        SUBJECT,
        /** Every credential for one workspace issued until then. */
        WORKSPACE
    }

    /** Validates that no component is null. */
    public Revocation {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(keepUntil, "keepUntil");
    }

    /** Whether this revocation covers {@code credential}. */
    public boolean covers(IssuedCredential credential) {
        return switch (scope) {
            case SESSION -> value.equals(credential.id());
            case SUBJECT -> value.equals(credential.subject()) && issuedNoLaterThanThis(credential);
            case WORKSPACE -> value.equals(credential.workspace().value()) && issuedNoLaterThanThis(credential);
        };
    }

    /** Whether this revocation names {@code workspace}'s or {@code subject}'s credentials, for closing live sockets. */
    public boolean names(String credentialId, String subject, WorkspaceId workspace) {
        return switch (scope) {
            case SESSION -> value.equals(credentialId);
            case SUBJECT -> value.equals(subject);
            case WORKSPACE -> value.equals(workspace.value());
        };
    }

    // Credentials carry iat to the second: one issued in the same second as the revocation counts as revoked.
    private boolean issuedNoLaterThanThis(IssuedCredential credential) {
        return !credential.issuedAt().isAfter(revokedAt.truncatedTo(ChronoUnit.SECONDS));
    }
}

package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/** The outcome of {@link TokenVerifier#verify}: {@link Verified} or {@link Rejected}. */
public sealed interface VerificationResult permits VerificationResult.Verified, VerificationResult.Rejected {

    /**
     * The token is genuine, current, of the right type and bound to the expected workspace.
     *
     * @param subject who the token was issued to
     * @param workspace the workspace it is bound to
     * @param expiresAt when it expires
     * @param tokenId its unique id, used for single-use enforcement
     */
    record Verified(String subject, WorkspaceId workspace, Instant expiresAt, String tokenId)
            implements VerificationResult {
        /** Validates that no component is null. */
        public Verified {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(tokenId, "tokenId");
        }
    }

    /**
     * The token was not accepted.
     *
     * @param reason why; reported to the listener and at DEBUG, never to the browser
     */
    record Rejected(RejectionReason reason) implements VerificationResult {
        /** Validates that the reason is not null. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Shorthand for {@code new Rejected(reason)}. */
    static VerificationResult rejected(RejectionReason reason) {
        return new Rejected(reason);
    }
}

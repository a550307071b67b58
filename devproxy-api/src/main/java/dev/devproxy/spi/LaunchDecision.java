package dev.devproxy.spi;

import dev.devproxy.Failure;
import java.util.Objects;

/** The answer of a {@link LaunchAuthorizer}: {@link Allowed} or {@link Denied}. */
public sealed interface LaunchDecision permits LaunchDecision.Allowed, LaunchDecision.Denied {

    /**
     * The caller may open the workspace.
     *
     * @param subject who the token is issued to (the integrator's user id); must not be blank
     */
    record Allowed(String subject) implements LaunchDecision {
        /** Validates the subject. */
        public Allowed {
            Objects.requireNonNull(subject, "subject");
            if (subject.isBlank()) {
                throw new IllegalArgumentException("subject must not be blank");
            }
        }
    }

    /**
     * The caller may not open the workspace.
     *
     * @param failure what to answer: {@link Failure#UNAUTHENTICATED}, {@link Failure#FORBIDDEN} or
     *     {@link Failure#NOT_FOUND}
     */
    record Denied(Failure failure) implements LaunchDecision {
        /** Validates the failure. */
        public Denied {
            Objects.requireNonNull(failure, "failure");
            if (failure != Failure.UNAUTHENTICATED && failure != Failure.FORBIDDEN && failure != Failure.NOT_FOUND) {
                throw new IllegalArgumentException("a launch may be denied with UNAUTHENTICATED, FORBIDDEN or NOT_FOUND, got "
                        + failure);
            }
        }
    }

    /** Allow, issuing the token to {@code subject}. */
    static LaunchDecision allow(String subject) {
        return new Allowed(subject);
    }

    /** Deny with 401: the caller is not signed in to the host application. */
    static LaunchDecision unauthenticated() {
        return new Denied(Failure.UNAUTHENTICATED);
    }

    /** Deny with 403: the caller is signed in but may not open this workspace. */
    static LaunchDecision forbidden() {
        return new Denied(Failure.FORBIDDEN);
    }

    /** Deny with 404: hide that the workspace exists. */
    static LaunchDecision notFound() {
        return new Denied(Failure.NOT_FOUND);
    }
}

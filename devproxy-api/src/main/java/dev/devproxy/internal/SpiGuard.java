package dev.devproxy.internal;

import dev.devproxy.Caller;
import dev.devproxy.Failure;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.spi.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Calls the integrator's SPIs exactly once each and turns a broken contract into a
 * {@link Failure}: an exception means the backing service is down (503), a null is a bug (500). Either
 * way one WARN names the implementing class and says what it must do instead.
 */
final class SpiGuard {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.spi");

    /** A value or the failure the caller must answer with. */
    record Outcome<T>(T value, Failure failure) {
        static <T> Outcome<T> ok(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(Failure failure) {
            return new Outcome<>(null, failure);
        }

        boolean failed() {
            return failure != null;
        }
    }

    private final TargetResolver resolver;
    private final TokenVerifier verifier;
    private final ReplayStore replayStore;

    SpiGuard(TargetResolver resolver, TokenVerifier verifier, ReplayStore replayStore) {
        this.resolver = resolver;
        this.verifier = verifier;
        this.replayStore = replayStore;
    }

    Outcome<Optional<Target>> resolve(WorkspaceId workspace, Caller caller) {
        Optional<Target> target;
        try {
            target = resolver.resolve(workspace, caller);
        } catch (Exception e) {
            LOG.warn("TargetResolver {} threw {} for workspace {}; answering 503. Throw only when the registry is"
                    + " unreachable; return Optional.empty() for unknown workspaces", name(resolver), e, workspace);
            return Outcome.failed(Failure.SERVICE_UNAVAILABLE);
        }
        if (target == null) {
            LOG.warn("TargetResolver {} returned null for workspace {}; answering 500. It must return"
                    + " Optional.empty() for unknown workspaces", name(resolver), workspace);
            return Outcome.failed(Failure.INTERNAL_ERROR);
        }
        return Outcome.ok(target);
    }

    Outcome<VerificationResult> verify(String token, WorkspaceId workspace) {
        VerificationResult result;
        try {
            result = verifier.verify(token, workspace);
        } catch (RuntimeException e) {
            LOG.warn("TokenVerifier {} threw {}; answering 503. Return VerificationResult.Rejected for bad tokens;"
                    + " throw only when the verifier's own infrastructure is down", name(verifier), e.getClass().getName());
            return Outcome.failed(Failure.SERVICE_UNAVAILABLE);
        }
        if (result == null) {
            LOG.warn("TokenVerifier {} returned null; answering 500. It must return Verified or Rejected",
                    name(verifier));
            return Outcome.failed(Failure.INTERNAL_ERROR);
        }
        return Outcome.ok(result);
    }

    Outcome<Boolean> firstUse(String tokenId, Instant expiresAt) {
        try {
            return Outcome.ok(replayStore.firstUse(tokenId, expiresAt));
        } catch (RuntimeException e) {
            LOG.warn("ReplayStore {} threw {}; answering 503 rather than risk accepting a token twice",
                    name(replayStore), e.toString());
            return Outcome.failed(Failure.SERVICE_UNAVAILABLE);
        }
    }

    Outcome<LaunchDecision> authorize(LaunchAuthorizer authorizer, HttpServletRequest request, WorkspaceId workspace) {
        LaunchDecision decision;
        try {
            decision = authorizer.authorize(request, workspace);
        } catch (Exception e) {
            LOG.warn("LaunchAuthorizer {} threw {} for workspace {}; answering 503. Return"
                    + " LaunchDecision.unauthenticated()/forbidden() to refuse; throw only when your auth backend is down",
                    name(authorizer), e.toString(), workspace);
            return Outcome.failed(Failure.SERVICE_UNAVAILABLE);
        }
        if (decision == null) {
            LOG.warn("LaunchAuthorizer {} returned null for workspace {}; answering 500. It must return a"
                    + " LaunchDecision", name(authorizer), workspace);
            return Outcome.failed(Failure.INTERNAL_ERROR);
        }
        return Outcome.ok(decision);
    }

    private static String name(Object spi) {
        return spi.getClass().getName();
    }
}

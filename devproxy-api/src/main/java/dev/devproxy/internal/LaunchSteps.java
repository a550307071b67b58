package dev.devproxy.internal;

import dev.devproxy.CookieSettings.SameSite;
import dev.devproxy.Failure;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The steps of a launch that the application's host ({@link BootstrapFilter}) and a workspace's
 * own host ({@link WorkspaceHostFilter}) share: verify the launch token, spend it once, start the session, redirect,
 * and refuse, each refusal reported to the listener and logged at DEBUG without the token.
 */
final class LaunchSteps {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.bootstrap");

    /** A verified launch token. */
    record Launch(WorkspaceId workspace, String subject, String tokenId, Instant expiresAt) {
    }

    private final Engine engine;
    private final ProxySettings settings;

    LaunchSteps(Engine engine) {
        this.engine = engine;
        this.settings = engine.settings();
    }

    /** Verifies the request's launch token ({@code token} parameter) for {@code workspace}, or refuses it. */
    Optional<Launch> verify(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String token = request.getParameter("token");
        if (token == null || token.isEmpty()) {
            reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.MISSING);
            return Optional.empty();
        }
        SpiGuard.Outcome<VerificationResult> verified = engine.guard().verify(token, workspace);
        if (verified.failed()) {
            reject(request, response, workspace, verified.failure(), null);
            return Optional.empty();
        }
        if (verified.value() instanceof VerificationResult.Rejected rejected) {
            reject(request, response, workspace, Failure.UNAUTHENTICATED, rejected.reason());
            return Optional.empty();
        }
        VerificationResult.Verified token0 = (VerificationResult.Verified) verified.value();
        return Optional.of(new Launch(workspace, token0.subject(), token0.tokenId(), token0.expiresAt()));
    }

    /** Spends {@code launch}'s token; false (and refused) if it was spent before or the store failed. */
    boolean spend(HttpServletRequest request, HttpServletResponse response, Launch launch) throws IOException {
        return spend(request, response, launch.workspace(), launch.tokenId(), launch.expiresAt());
    }

    /**
     * Spends a single-use id that is valid until {@code expiresAt}; false (and refused) if it was spent before or the
     * store failed.
     */
    boolean spend(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace, String id,
            Instant expiresAt) throws IOException {
        // Remembered for as long as a verifier would still accept the token: its expiry plus the verifier's
        // clock skew (issue 26, finding 4: a store that forgot at the expiry let a replay in within the skew).
        SpiGuard.Outcome<Boolean> firstUse = engine.guard().firstUse(id, expiresAt.plus(settings.tokenVerifier().clockSkew()));
        if (firstUse.failed()) {
            reject(request, response, workspace, firstUse.failure(), null);
            return false;
        }
        if (!firstUse.value()) {
            reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.REPLAYED);
            return false;
        }
        return true;
    }

    /** Sets the session cookie for {@code launch} on {@code response} and reports the accepted bootstrap. */
    void startSession(HttpServletResponse response, Launch launch, String cookieName, String path) {
        Duration ttl = settings.sessionTtl();
        IssuedToken session = engine.sessions().issue(launch.subject(), launch.workspace(), ttl);
        response.addHeader("Set-Cookie", CookieHeaders.setCookie(cookieName, session.token(), path, ttl.toSeconds(),
                settings.cookie().secure(), settings.cookie().sameSite() == SameSite.LAX ? "Lax" : "Strict"));
        engine.listener().bootstrapAccepted(new BootstrapAccepted(launch.workspace(), launch.subject(), launch.tokenId(),
                session.tokenId()));
        LOG.debug("bootstrap accepted: workspace {} token {}", launch.workspace(), launch.tokenId());
    }

    /** A 303 to {@code location}, with nothing cached and no {@code Referer} carrying a token onward. */
    void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Location", location);
        response.setContentLength(0);
    }

    /** Refuses the launch with {@code failure}; {@code reason} is for the log and the listener only. */
    void reject(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace, Failure failure,
            RejectionReason reason) throws IOException {
        LOG.debug("bootstrap rejected: workspace {} {} {}", workspace, failure, reason == null ? "" : reason);
        engine.listener().bootstrapRejected(new BootstrapRejected(workspace.value(), failure, reason));
        ErrorResponses.send(request, response, failure);
    }

    /**
     * A return path as a {@code Location} value: every character outside printable ASCII percent-encoded as UTF-8
     * (RFC 3986 §2.1), which containers would otherwise mangle (Jetty turns characters above U+00FF into spaces).
     * {@link ReturnPaths#staysInside} already refused control characters and spaces.
     */
    static String location(String returnPath) {
        StringBuilder location = new StringBuilder(returnPath.length());
        for (byte b : returnPath.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f) {
                location.append((char) c);
            } else {
                location.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return location.toString();
    }
}

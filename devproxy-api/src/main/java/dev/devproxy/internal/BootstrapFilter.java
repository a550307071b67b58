package dev.devproxy.internal;

import dev.devproxy.CookieSettings.SameSite;
import dev.devproxy.DevProxy;
import dev.devproxy.Failure;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Serves the two bootstrap routes and lets every other request under the bootstrap
 * prefix through to the host application:
 * <ul>
 *   <li>{@code POST <prefix>/{id}/ide-token}: the launch authorizer decides, then a token and its URL;</li>
 *   <li>{@code GET <prefix>/{id}/ide?token=...}: the single-use token becomes a session cookie scoped to
 *       {@code /__ide/{id}/}, and the browser is sent there with the token gone from the address bar.</li>
 * </ul>
 */
final class BootstrapFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.bootstrap");

    private final Engine engine;
    private final DevProxy proxy;

    BootstrapFilter(Engine engine) {
        this.engine = engine;
        this.proxy = engine.proxy();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        String base = request.getContextPath() + proxy.bootstrapPrefix() + "/";
        String uri = request.getRequestURI();
        if (!uri.startsWith(base)) {
            chain.doFilter(req, resp);
            return;
        }
        String rest = uri.substring(base.length());
        int slash = rest.indexOf('/');
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        boolean tokenRoute = action.equals("ide-token");
        boolean bootstrapRoute = action.equals("ide");
        if (!tokenRoute && !bootstrapRoute || tokenRoute && proxy.launchAuthorizer().isEmpty()) {
            chain.doFilter(req, resp);
            return;
        }
        String rawId = rest.substring(0, slash);
        Optional<WorkspaceId> workspace = WorkspaceId.parse(rawId);
        if (workspace.isEmpty() || proxy.rootWorkspace().filter(root -> !root.equals(workspace.get())).isPresent()) {
            ErrorResponses.send(request, response, Failure.NOT_FOUND);
            return;
        }
        if (tokenRoute) {
            issueToken(request, response, workspace.get());
        } else {
            bootstrap(request, response, workspace.get());
        }
    }

    private void issueToken(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            ErrorResponses.send(request, response, Failure.METHOD_NOT_ALLOWED);
            return;
        }
        LaunchAuthorizer authorizer = proxy.launchAuthorizer().orElseThrow();
        SpiGuard.Outcome<LaunchDecision> decision = engine.guard().authorize(authorizer, request, workspace);
        if (decision.failed()) {
            ErrorResponses.send(request, response, decision.failure());
            return;
        }
        if (decision.value() instanceof LaunchDecision.Denied) {
            Failure failure = ((LaunchDecision.Denied) decision.value()).failure();
            LOG.debug("launch of workspace {} denied: {}", workspace, failure);
            ErrorResponses.send(request, response, failure);
            return;
        }
        String subject = ((LaunchDecision.Allowed) decision.value()).subject();
        LaunchToken launch = engine.issueLaunch(subject, workspace, request.getContextPath());
        byte[] body = ("{\"token\":" + Json.string(launch.token()) + ",\"url\":" + Json.string(launch.url())
                + ",\"expiresAt\":" + Json.string(launch.expiresAt().toString()) + "}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void bootstrap(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            ErrorResponses.send(request, response, Failure.METHOD_NOT_ALLOWED);
            return;
        }
        String tunnelRoot = engine.tunnelRoot(request.getContextPath(), workspace);
        String returnPath = request.getParameter("return");
        if (returnPath != null && !ReturnPaths.staysInside(returnPath, tunnelRoot)) {
            // Checked before the token is spent, so a bad link does not burn a good token.
            reject(request, response, workspace, Failure.BAD_REQUEST, null);
            return;
        }
        String token = request.getParameter("token");
        if (token == null) {
            token = CredentialCheck.bearerToken(request);
        }
        if (token == null || token.isEmpty()) {
            reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.MISSING);
            return;
        }
        SpiGuard.Outcome<VerificationResult> verified = engine.guard().verify(token, workspace);
        if (verified.failed()) {
            reject(request, response, workspace, verified.failure(), null);
            return;
        }
        if (verified.value() instanceof VerificationResult.Rejected) {
            RejectionReason reason = ((VerificationResult.Rejected) verified.value()).reason();
            reject(request, response, workspace, Failure.UNAUTHENTICATED, reason);
            return;
        }
        VerificationResult.Verified token0 = (VerificationResult.Verified) verified.value();
        SpiGuard.Outcome<Boolean> firstUse = engine.guard().firstUse(token0.tokenId(), token0.expiresAt());
        if (firstUse.failed()) {
            reject(request, response, workspace, firstUse.failure(), null);
            return;
        }
        if (!firstUse.value()) {
            reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.REPLAYED);
            return;
        }
        Duration ttl = proxy.sessionTtl();
        String session = engine.sessions().issue(token0.subject(), workspace, ttl);
        response.setStatus(303);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.addHeader("Set-Cookie", CookieHeaders.sessionCookie(proxy.cookie().name(), session, tunnelRoot,
                ttl.toSeconds(), proxy.cookie().secure(), proxy.cookie().sameSite() == SameSite.LAX ? "Lax" : "Strict"));
        response.setHeader("Location", returnPath != null ? returnPath : tunnelRoot);
        response.setContentLength(0);
        engine.listener().bootstrapAccepted(new BootstrapAccepted(workspace, token0.subject(), token0.tokenId()));
        LOG.debug("bootstrap accepted: workspace {} token {}", workspace, token0.tokenId());
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace, Failure failure,
            RejectionReason reason) throws IOException {
        LOG.debug("bootstrap rejected: workspace {} {} {}", workspace, failure, reason == null ? "" : reason);
        engine.listener().bootstrapRejected(new BootstrapRejected(workspace.value(), failure, reason));
        ErrorResponses.send(request, response, failure);
    }
}

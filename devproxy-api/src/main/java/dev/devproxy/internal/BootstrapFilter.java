package dev.devproxy.internal;

import dev.devproxy.Failure;
import dev.devproxy.LaunchBinding;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.spi.RejectionReason;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Serves the two bootstrap routes on the application's host and lets every other request under
 * the bootstrap prefix through to the host application:
 * <ul>
 *   <li>{@code POST <prefix>/{id}/ide-token}: the launch authorizer decides, then a launch bound to the asking
 *       browser and its URL;</li>
 *   <li>{@code GET <prefix>/{id}/ide?token=...&binding=...}: checks that this browser is the one the launch was
 *       issued to and spends the single-use token. With shared-origin routing it sets the session cookie scoped to
 *       {@code /__ide/{id}/} and sends the browser there; with host routing (the launch then arrives from the
 *       workspace's host, carrying that host's launch {@code state}) it sends the browser back to the workspace's
 *       host with a one-minute ticket bound to that state ({@link WorkspaceHostFilter} takes it from there).</li>
 * </ul>
 */
final class BootstrapFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.bootstrap");

    private final Engine engine;
    private final ProxySettings settings;
    private final LaunchSteps steps;

    BootstrapFilter(Engine engine) {
        this.engine = engine;
        this.settings = engine.settings();
        this.steps = new LaunchSteps(engine);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        String base = request.getContextPath() + settings.bootstrapPrefix() + "/";
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
        if (!tokenRoute && !bootstrapRoute || tokenRoute && settings.launchAuthorizer().isEmpty()) {
            chain.doFilter(req, resp);
            return;
        }
        String rawId = rest.substring(0, slash);
        Optional<WorkspaceId> workspace = WorkspaceId.parse(rawId);
        if (workspace.isEmpty() || settings.rootWorkspace().filter(root -> !root.equals(workspace.get())).isPresent()
                || engine.hosts() != null && !engine.hosts().routes(workspace.get())) {
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
        if (!FetchMetadata.fromTheApplicationsOwnPages(request, engine.browserOrigin(request),
                settings.webSocket().allowedOrigins())) {
            // Another origin's page (a workspace's, say) asking for a launch as the signed-in user: CSRF.
            LOG.debug("launch of workspace {} refused: asked for by a page of another origin", workspace);
            ErrorResponses.send(request, response, Failure.FORBIDDEN);
            return;
        }
        LaunchAuthorizer authorizer = settings.launchAuthorizer().orElseThrow();
        SpiGuard.Outcome<LaunchDecision> decision = engine.guard().authorize(authorizer, request, workspace);
        if (decision.failed()) {
            ErrorResponses.send(request, response, decision.failure());
            return;
        }
        if (decision.value() instanceof LaunchDecision.Denied denied) {
            LOG.debug("launch of workspace {} denied: {}", workspace, denied.failure());
            ErrorResponses.send(request, response, denied.failure());
            return;
        }
        String subject = ((LaunchDecision.Allowed) decision.value()).subject();
        LaunchToken launch = engine.issueLaunch(request, response, subject, workspace);
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
        // Only GET: link unfurlers and prefetchers send HEAD, and must not spend a link (issue 26, finding 6).
        if (!"GET".equals(request.getMethod())) {
            ErrorResponses.send(request, response, Failure.METHOD_NOT_ALLOWED);
            return;
        }
        String state = request.getParameter("state");
        boolean handoff = engine.hosts() != null && state != null;
        if (engine.hosts() != null && !handoff && !settings.routing().servesPaths()) {
            // Each workspace has its own origin: a launch starts there, never here.
            steps.reject(request, response, workspace, Failure.BAD_REQUEST, null);
            return;
        }
        String home = handoff ? request.getContextPath() + "/" : engine.tunnelRoot(request.getContextPath(), workspace);
        String returnPath = request.getParameter("return");
        if (returnPath != null && !ReturnPaths.staysInside(returnPath, home)) {
            // Checked before the token is spent, so a bad link does not burn a good token.
            steps.reject(request, response, workspace, Failure.BAD_REQUEST, null);
            return;
        }
        Optional<LaunchSteps.Launch> launch = steps.verify(request, response, workspace);
        if (launch.isEmpty()) {
            return;
        }
        if (settings.launchBinding() == LaunchBinding.BROWSER && !engine.binding().presentedFor(request,
                launch.get().tokenId(), request.getParameter("binding"))) {
            // Opened in another browser than the one that asked for it: a forwarded link, or login CSRF.
            steps.reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.NOT_BOUND);
            return;
        }
        if (!steps.spend(request, response, launch.get())) {
            return;
        }
        if (handoff) {
            String ticket = engine.handoffs().issue(launch.get().subject(), workspace, launch.get().tokenId(), state);
            String origin = engine.hosts().workspaceOrigin(engine.browserOrigin(request), workspace).toString();
            steps.redirect(response, origin + request.getContextPath() + engine.hosts().reservedPrefix() + "/session?ticket="
                    + ticket + (returnPath == null ? "" : "&return=" + Engine.encode(returnPath)));
            LOG.debug("launch of workspace {} verified, handed back to its host", workspace);
            return;
        }
        steps.startSession(response, launch.get(), engine.sessionCookieName(false), home);
        steps.redirect(response, returnPath != null ? LaunchSteps.location(returnPath) : home);
    }
}

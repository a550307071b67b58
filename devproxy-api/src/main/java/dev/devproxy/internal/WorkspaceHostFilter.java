package dev.devproxy.internal;

import dev.devproxy.Failure;
import dev.devproxy.LaunchBinding;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.launch.HandoffTickets;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.spi.RejectionReason;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Serves every request sent to a workspace's own host, first in the filter chain, so that the
 * application's filters and routes never run there; requests to any other host pass through untouched.
 *
 * <p>On a workspace host, the reserved prefix ({@code /__devproxy} by default) holds the two steps of the launch
 * that happen there, and every other path is the workspace's, with no prefix:
 * <ul>
 *   <li>{@code GET /__devproxy/launch?token=...&binding=...}: the launch link. It gives the browser a launch-state
 *       cookie of this host and sends it to the application's host ({@code <bootstrapPrefix>/{id}/ide}), which checks
 *       the binding, spends the token and sends it back with a ticket bound to that state;</li>
 *   <li>{@code GET /__devproxy/session?ticket=...}: accepts the ticket once, from the browser holding that state,
 *       sets the host-only session cookie ({@code Path=/}, {@code __Host-} prefixed when {@code Secure}) and
 *       redirects (303) to the workspace's root or the return path.</li>
 * </ul>
 */
final class WorkspaceHostFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.bootstrap");

    private final Engine engine;
    private final ProxySettings settings;
    private final WorkspaceHosts hosts;
    private final LaunchSteps steps;
    private TunnelServlet tunnel;

    WorkspaceHostFilter(Engine engine) {
        this.engine = engine;
        this.settings = engine.settings();
        this.hosts = engine.hosts();
        this.steps = new LaunchSteps(engine);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        tunnel = new TunnelServlet(engine);
        tunnel.init(new FilterServletConfig(config));
    }

    @Override
    public void destroy() {
        if (tunnel != null) {
            tunnel.destroy();
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        BrowserOrigin origin = engine.browserOrigin(request);
        WorkspaceHosts.Match match = hosts.match(origin);
        if (match instanceof WorkspaceHosts.NotAWorkspaceHost) {
            chain.doFilter(req, resp);
            return;
        }
        if (match instanceof WorkspaceHosts.InvalidWorkspaceHost) {
            LOG.debug("{} refused: host is not a routable workspace host", request.getMethod());
            ErrorResponses.send(request, response, Failure.NOT_FOUND);
            return;
        }
        WorkspaceId workspace = ((WorkspaceHosts.Workspace) match).workspace();
        String contextPath = request.getContextPath();
        String uri = request.getRequestURI();
        if (request.getDispatcherType() != DispatcherType.ASYNC) {
            Optional<String> action = reservedAction(uri.substring(contextPath.length()));
            if (action.isPresent()) {
                launchRoute(request, response, workspace, origin, action.get());
                return;
            }
        }
        if (request.getDispatcherType() != DispatcherType.ASYNC && !FetchMetadata.allowedOnWorkspaceHost(request)) {
            // A page of another origin (a sibling workspace is the same site) reaching into this workspace.
            LOG.debug("{} refused: a cross-origin request that is no navigation", request.getMethod());
            ErrorResponses.send(request, response, Failure.FORBIDDEN);
            return;
        }
        tunnel.serve(request, response, TunnelPath.root(uri, contextPath, workspace), true);
    }

    /** The part after the reserved prefix, if {@code path} is under it, percent-encoded or not. */
    private Optional<String> reservedAction(String path) {
        String decoded = UnreservedCharacters.decode(path);
        String prefix = hosts.reservedPrefix();
        if (decoded.equals(prefix)) {
            return Optional.of("");
        }
        return decoded.startsWith(prefix + "/") ? Optional.of(decoded.substring(prefix.length() + 1)) : Optional.empty();
    }

    private void launchRoute(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace,
            BrowserOrigin origin, String action) throws IOException {
        if (!action.equals("launch") && !action.equals("session")) {
            ErrorResponses.send(request, response, Failure.NOT_FOUND);
            return;
        }
        if (!"GET".equals(request.getMethod())) {
            ErrorResponses.send(request, response, Failure.METHOD_NOT_ALLOWED);
            return;
        }
        String home = request.getContextPath() + "/";
        String returnPath = request.getParameter("return");
        if (returnPath != null && !ReturnPaths.staysInside(returnPath, home)) {
            steps.reject(request, response, workspace, Failure.BAD_REQUEST, null);
            return;
        }
        if (action.equals("launch")) {
            launch(request, response, workspace, origin, returnPath);
        } else {
            session(request, response, workspace, returnPath);
        }
    }

    private void launch(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace,
            BrowserOrigin origin, String returnPath) throws IOException {
        // Verified here (not spent) so that a link for another workspace, or a forged one, stops on this host.
        Optional<LaunchSteps.Launch> launch = steps.verify(request, response, workspace);
        if (launch.isEmpty()) {
            return;
        }
        if (settings.launchBinding() == LaunchBinding.NONE) {
            // A bearer launch proves nothing on the application's host: spend it here.
            if (steps.spend(request, response, launch.get())) {
                steps.startSession(response, launch.get(), engine.sessionCookieName(true), "/");
                steps.redirect(response, returnPath != null ? LaunchSteps.location(returnPath) : request.getContextPath() + "/");
            }
            return;
        }
        String state = engine.launchState().proof(engine.launchState().ensure(request, response), workspace.value());
        String binding = request.getParameter("binding");
        steps.redirect(response, hosts.applicationOrigin(origin) + request.getContextPath() + settings.bootstrapPrefix() + "/"
                + workspace.value() + "/ide?token=" + Engine.encode(request.getParameter("token"))
                + (binding == null ? "" : "&binding=" + Engine.encode(binding)) + "&state=" + state
                + (returnPath == null ? "" : "&return=" + Engine.encode(returnPath)));
    }

    private void session(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace,
            String returnPath) throws IOException {
        Optional<HandoffTickets.Handoff> handoff = engine.handoffs().verify(request.getParameter("ticket"), workspace);
        if (handoff.isEmpty()) {
            steps.reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.MALFORMED);
            return;
        }
        if (!engine.launchState().presentedFor(request, workspace.value(), handoff.get().state())) {
            // Not the browser that started this launch on this host: a ticket copied into another browser.
            steps.reject(request, response, workspace, Failure.UNAUTHENTICATED, RejectionReason.NOT_BOUND);
            return;
        }
        LaunchSteps.Launch launch = new LaunchSteps.Launch(workspace, handoff.get().subject(),
                handoff.get().launchTokenId(), handoff.get().expiresAt());
        if (!steps.spend(request, response, workspace, "handoff:" + launch.tokenId(), launch.expiresAt())) {
            return;
        }
        steps.startSession(response, launch, engine.sessionCookieName(true), "/");
        steps.redirect(response, returnPath != null ? LaunchSteps.location(returnPath) : request.getContextPath() + "/");
    }

    /** The filter's config as the config of the tunnel servlet it runs. */
    private static final class FilterServletConfig implements ServletConfig {
        private final FilterConfig config;

        FilterServletConfig(FilterConfig config) {
            this.config = config;
        }

        @Override
        public String getServletName() {
            return config.getFilterName();
        }

        @Override
        public ServletContext getServletContext() {
            return config.getServletContext();
        }

        @Override
        public String getInitParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.emptyEnumeration();
        }
    }
}

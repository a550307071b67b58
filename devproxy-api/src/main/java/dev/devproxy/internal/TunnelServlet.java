package dev.devproxy.internal;

import dev.devproxy.Failure;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.event.LimitReached;
import dev.devproxy.internal.http.Aborts;
import dev.devproxy.internal.http.HttpTunnel;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.internal.ws.WebSocketTunnel;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The one servlet behind the tunnel, {@code /__ide/*} on the application's host and every path of
 * a workspace's own host ({@link WorkspaceHostFilter} hands those here), for plain HTTP and WebSocket upgrades
 * alike. It is the only place where tunnel security is decided, in this order: path (400/404),
 * credential for this workspace (401), handshake and origin for upgrades (400/403), target resolution
 * (404/503/500). Only then does the HTTP proxy or the WebSocket relay see the request, as an immutable
 * {@link Exchange}.
 */
final class TunnelServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.tunnel");

    private final transient Engine engine;
    private final transient ProxySettings settings;
    private final transient WebSocketTunnel webSockets;
    private transient HttpTunnel http;
    private transient UpstreamThreads threads;

    TunnelServlet(Engine engine) {
        this.engine = engine;
        this.settings = engine.settings();
        this.webSockets = engine.webSockets();
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        threads = UpstreamThreads.acquire(settings.upstreamThreads(), settings.upstreamExecutor().orElse(null));
        http = new HttpTunnel(engine.httpReporter(), settings.cookie().name(), settings.connectTimeout(),
                settings.upstreamIdleTimeout(), settings.upstreamKeepAlive(), threads);
        http.init(new OwnConfig(config));
        LOG.info("{} serving {} in context '{}'", config.getServletName(), settings, config.getServletContext().getContextPath());
    }

    @Override
    public void destroy() {
        if (http != null) {
            http.destroy();
        }
        if (threads != null) {
            threads.release();
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        serve(request, response, null, false);
    }

    /**
     * Serves one tunnel request.
     *
     * @param parsed the request's path, already parsed by the caller, or null to parse it as a path of the
     *     application's host
     * @param onWorkspaceHost whether the request was sent to a workspace's own host
     */
    void serve(HttpServletRequest request, HttpServletResponse response, TunnelPath parsed, boolean onWorkspaceHost)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // Back here for one of two things: a WebSocket upgrade whose dial ended, or the HTTP tunnel having the
            // container cut a committed response.
            if (webSockets.resumes(request)) {
                webSockets.resume(request, response);
            } else {
                Aborts.throwIfAborting(request);
            }
            return;
        }
        long start = System.nanoTime();
        TunnelPath path = parsed != null ? parsed : engine.parse(request);
        switch (path.kind()) {
            case AMBIGUOUS:
                refuse(request, response, Failure.BAD_REQUEST, "ambiguous path");
                return;
            case NOT_FOUND:
                refuse(request, response, Failure.NOT_FOUND, "not a workspace path");
                return;
            case ADD_SLASH:
                // code-server and noVNC use relative URLs: they only work below the trailing slash.
                String query = request.getQueryString();
                response.setStatus(302);
                response.setHeader("Location", path.tunnelBase() + "/" + (query == null ? "" : "?" + query));
                response.setHeader("Cache-Control", "no-store");
                response.setContentLength(0);
                return;
            default:
                break;
        }
        boolean upgrade = WebSocketTunnel.isUpgradeRequest(request);
        CredentialCheck.Result credential = engine.credentials().check(request, path.workspace(),
                engine.sessionCookieName(onWorkspaceHost));
        if (!credential.admitted()) {
            LOG.debug("{} {}: {} ({})", request.getMethod(), path.tunnelBase(), credential.failure(), credential.reason());
            if (upgrade && credential.failure() == Failure.UNAUTHENTICATED && webSockets.acceptsThenCloses(request)) {
                webSockets.acceptThenClose(request, response, Failure.UNAUTHENTICATED);
            } else {
                ErrorResponses.send(request, response, credential.failure());
            }
            return;
        }
        BrowserOrigin origin = engine.browserOrigin(request);
        if (upgrade) {
            Failure refusal = webSockets.refusal(request, origin, credential.viaBearer());
            if (refusal != null) {
                refuse(request, response, refusal, "WebSocket handshake or origin refused");
                return;
            }
        }
        SpiGuard.Outcome<Optional<Target>> resolved = engine.guard().resolve(path.workspace(), credential.caller());
        if (resolved.failed() || resolved.value().isEmpty()) {
            Failure failure = resolved.failed() ? resolved.failure() : Failure.NOT_FOUND;
            engine.reportResolverFailure(path.workspace(), failure);
            refuse(request, response, failure, "target not resolved");
            return;
        }
        Target target = resolved.value().get();
        HeaderPolicy policy = target.headerPolicy().orElse(settings.headerPolicy());
        Exchange exchange = new Exchange(path.workspace(), credential.caller(), credential.credential(),
                credential.authorizationIsOurs(), target, policy,
                path.tunnelBase(), path.rest(), request.getQueryString(), origin, start);
        if (upgrade) {
            webSockets.relay(request, response, exchange);
        } else {
            proxyHttp(request, response, exchange);
        }
    }

    /** Proxies one HTTP exchange, within the workspace's limit of exchanges in flight. */
    private void proxyHttp(HttpServletRequest request, HttpServletResponse response, Exchange exchange)
            throws ServletException, IOException {
        Quotas quotas = engine.quotas();
        Quotas.Claim claim = quotas.tryClaim(quotas.httpExchange(exchange.workspace()));
        if (claim == null) {
            LOG.debug("{} refused: HTTP exchanges in flight with workspace {} at their limit", request.getMethod(),
                    exchange.workspace());
            engine.listener().limitReached(new LimitReached(LimitReached.Limit.HTTP_EXCHANGES_PER_WORKSPACE,
                    exchange.workspace(), exchange.caller().subject()));
            ErrorResponses.sendRetryLater(request, response, Failure.TOO_MANY_REQUESTS, quotas.retryAfter());
            return;
        }
        request.setAttribute(Exchange.ATTRIBUTE, exchange);
        try {
            http.service((ServletRequest) request, (ServletResponse) response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ReleaseWhenDone(quotas, claim));
            } else {
                quotas.release(claim);
            }
        }
    }

    /** Gives an exchange's claim back when the exchange ends, however it ends. */
    private static final class ReleaseWhenDone implements AsyncListener {
        private final Quotas quotas;
        private final AtomicReference<Quotas.Claim> claim;

        ReleaseWhenDone(Quotas quotas, Quotas.Claim claim) {
            this.quotas = quotas;
            this.claim = new AtomicReference<>(claim);
        }

        private void release() {
            quotas.release(claim.getAndSet(null));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A dispatch that starts async again keeps the listener registered on the new context.
            event.getAsyncContext().addListener(this);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, Failure failure, String why)
            throws IOException {
        LOG.debug("{} refused: {} ({})", request.getMethod(), failure, why);
        ErrorResponses.send(request, response, failure);
    }

    /**
     * The tunnel servlet's config without its init parameters: the base class of the HTTP proxy reads some (hosts to
     * allow or refuse, the Host header to send), and an application's settings on this servlet must not reach it.
     */
    private static final class OwnConfig implements ServletConfig {
        private final ServletConfig outer;

        OwnConfig(ServletConfig outer) {
            this.outer = outer;
        }

        @Override
        public String getServletName() {
            return outer.getServletName();
        }

        @Override
        public ServletContext getServletContext() {
            return outer.getServletContext();
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

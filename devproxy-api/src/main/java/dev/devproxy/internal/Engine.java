package dev.devproxy.internal;

import dev.devproxy.AccessToken;
import dev.devproxy.Failure;
import dev.devproxy.LaunchBinding;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.internal.headers.CookieNames;
import dev.devproxy.internal.http.HttpTunnel;
import dev.devproxy.internal.launch.BrowserNonce;
import dev.devproxy.internal.launch.HandoffTickets;
import dev.devproxy.internal.launch.LaunchKeys;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.internal.ws.WebSocketTunnel;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.Revocation;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.TokenIssuer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Everything one {@link DevProxy} runs on: its collaborators wrapped in guards, the
 * session credentials, the launch's browser binding, and the WebSocket side with its live sockets. Servlets and
 * filters created from it share this state, so one proxy installed in several contexts still has one registry of
 * sockets.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy");
    /** How long a browser's binding and launch-state cookies outlive the launch token they serve. */
    private static final Duration NONCE_SLACK = Duration.ofMinutes(1);

    private final ProxySettings settings;
    private final SessionCredentials sessions;
    private final SessionCredentials accessTokens;
    private final RevocationStore revocations;
    private final SpiGuard guard;
    private final SafeListener listener;
    private final CredentialCheck credentials;
    private final WebSocketTunnel webSockets;
    private final Quotas quotas;
    private final WorkspaceHosts hosts;
    private final BrowserNonce binding;
    private final BrowserNonce launchState;
    private final HandoffTickets handoffs;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param proxy the configuration source
     * @param sessionSecret the HMAC key for session cookies, and the root of the launch's keys
     */
    public Engine(ProxySettings settings, byte[] sessionSecret) {
        this.settings = settings;
        this.sessions = new SessionCredentials(sessionSecret, settings.clock());
        this.accessTokens = settings.accessTokenTtl().isPresent()
                ? SessionCredentials.accessTokens(sessionSecret, settings.clock()) : null;
        this.revocations = settings.revocationStore();
        this.guard = new SpiGuard(settings.resolver(), settings.tokenVerifier(), settings.replayStore());
        this.listener = new SafeListener(settings.listener());
        this.credentials = new CredentialCheck(sessions, accessTokens, guard, revocations, settings.credentialRequired());
        this.quotas = new Quotas(settings.limits());
        this.webSockets = new WebSocketTunnel(settings, listener, this::credentialEnded, quotas);
        // Revocations another node records reach this node's sockets at once (a shared store calls back).
        revocations.onRevocation(this::closeRevoked);
        this.hosts = settings.servesWorkspaceHosts() ? WorkspaceHosts.of(settings) : null;
        boolean secure = settings.cookie().secure();
        Duration nonceLifetime = settings.tokenTtl().plus(NONCE_SLACK);
        this.binding = new BrowserNonce(LaunchKeys.derive(sessionSecret, "binding"),
                CookieNames.of(settings.cookie().name(), "binding", secure), secure, nonceLifetime);
        this.launchState = new BrowserNonce(LaunchKeys.derive(sessionSecret, "launch-state"),
                CookieNames.of(settings.cookie().name(), "launch", secure), secure, nonceLifetime);
        this.handoffs = new HandoffTickets(LaunchKeys.derive(sessionSecret, "handoff"), settings.clock());
    }

    /**
     * Issues a launch to the browser that sent {@code request}: binds it to that browser (a cookie on
     * {@code response}) unless binding is off, and builds its URL for the request's origin.
     */
    public LaunchToken issueLaunch(HttpServletRequest request, HttpServletResponse response, String subject,
            WorkspaceId workspace) {
        IssuedToken token = issue(subject, workspace);
        String query = "token=" + encode(token.token());
        if (settings.launchBinding() == LaunchBinding.BROWSER) {
            query += "&binding=" + binding.proof(binding.ensure(request, response), token.tokenId());
        }
        String url;
        if (hosts != null) {
            url = hosts.workspaceOrigin(browserOrigin(request), workspace) + request.getContextPath()
                    + hosts.reservedPrefix() + "/launch?" + query;
        } else {
            url = request.getContextPath() + settings.bootstrapPrefix() + "/" + workspace.value() + "/ide?" + query;
        }
        return launched(token, subject, workspace, url);
    }

    /** Issues a bearer launch that no browser asked for; only where launches are not bound to browsers. */
    public LaunchToken issueUnboundLaunch(String subject, WorkspaceId workspace) {
        if (settings.launchBinding() != LaunchBinding.NONE) {
            throw new IllegalStateException("launches are bound to the browser that asks for them"
                    + " (LaunchBinding.BROWSER): use issueLaunch(request, response, subject, workspace) from the"
                    + " endpoint the browser calls, or build the proxy with launchBinding(LaunchBinding.NONE)");
        }
        IssuedToken token = issue(subject, workspace);
        String query = "token=" + encode(token.token());
        String url = hosts != null
                ? hosts.unboundWorkspaceOrigin(workspace) + hosts.reservedPrefix() + "/launch?" + query
                : settings.bootstrapPrefix() + "/" + workspace.value() + "/ide?" + query;
        return launched(token, subject, workspace, url);
    }

    private IssuedToken issue(String subject, WorkspaceId workspace) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        TokenIssuer issuer = settings.tokenIssuer().orElseThrow(() -> new IllegalStateException(
                "no token issuer configured: use DevProxy.builder().tokens(JwtTokens.hmac(...)) or tokenIssuer(...)"));
        if (hosts != null) {
            hosts.requireRoutable(workspace);
        }
        IssuedToken token = issuer.issue(subject, workspace, settings.tokenTtl());
        if (token == null) {
            throw new IllegalStateException("TokenIssuer " + issuer.getClass().getName() + " returned null");
        }
        return token;
    }

    private LaunchToken launched(IssuedToken token, String subject, WorkspaceId workspace, String url) {
        listener.tokenIssued(new TokenIssued(workspace, subject, token.tokenId(), token.expiresAt()));
        LOG.debug("launch token {} issued for workspace {}", token.tokenId(), workspace);
        return new LaunchToken(token.token(), url, token.expiresAt());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Issues a bearer access token, where they are enabled. */
    public AccessToken issueAccessToken(String subject, WorkspaceId workspace) {
        if (accessTokens == null) {
            throw new IllegalStateException("bearer access tokens are off: enable them with"
                    + " DevProxy.builder().accessTokens(lifetime)");
        }
        if (hosts != null) {
            hosts.requireRoutable(workspace);
        }
        IssuedToken token = accessTokens.issue(subject, workspace, settings.accessTokenTtl().orElseThrow());
        LOG.debug("access token {} issued for workspace {}", token.tokenId(), workspace);
        return new AccessToken(token.token(), token.expiresAt());
    }

    /**
     * Records a revocation of {@code scope} {@code value} and closes this node's live sockets it covers (4401).
     *
     * @return how many socket pairs were closed here
     * @throws IllegalStateException if the revocation store failed: nothing was revoked
     */
    public int revoke(Revocation.Scope scope, String value) {
        Instant now = settings.clock().instant();
        // Remembered as long as a credential it covers may live: the longer of sessions and access tokens.
        Duration longest = settings.accessTokenTtl().filter(ttl -> ttl.compareTo(settings.sessionTtl()) > 0)
                .orElse(settings.sessionTtl());
        Revocation revocation = new Revocation(scope, value, now, now.plus(longest).plusSeconds(1));
        try {
            revocations.revoke(revocation);
        } catch (Exception e) {
            LOG.warn("RevocationStore {} failed to record a revocation of a {}: {}", revocations.getClass().getName(),
                    scope.name().toLowerCase(Locale.ROOT), e.toString());
            throw new IllegalStateException("the revocation store failed; nothing was revoked", e);
        }
        int closed = closeRevoked(revocation);
        LOG.debug("revoked a {}; {} live socket pairs closed", scope.name().toLowerCase(Locale.ROOT), closed);
        return closed;
    }

    private int closeRevoked(Revocation revocation) {
        return webSockets.close(exchange -> revocation.covers(exchange.credential()),
                Failure.UNAUTHENTICATED.closeCode(), "credential revoked");
    }

    /** Why {@code exchange}'s credential no longer holds (for its live sockets), or null if it does. */
    private String credentialEnded(Exchange exchange) {
        if (!settings.clock().instant().isBefore(exchange.caller().expiresAt())) {
            return "credential expired";
        }
        return revocations.isRevoked(exchange.credential()) ? "credential revoked" : null;
    }

    /** A new bootstrap filter bound to this engine. */
    public Filter newBootstrapFilter() {
        return new BootstrapFilter(this);
    }

    /** A new tunnel servlet bound to this engine. */
    public HttpServlet newTunnelServlet() {
        return new TunnelServlet(this);
    }

    /** A new filter for workspace hosts bound to this engine. */
    public Filter newWorkspaceHostFilter() {
        if (hosts == null) {
            throw new IllegalStateException("this proxy serves no workspace hosts (" + settings.routing() + ")");
        }
        return new WorkspaceHostFilter(this);
    }

    /** Closes a workspace's live sockets. */
    public int closeWorkspace(WorkspaceId workspace) {
        return webSockets.closeWorkspace(workspace);
    }

    /** How many socket pairs are open. */
    public int openSockets() {
        return webSockets.openSockets();
    }

    /** Drains and closes live sockets, stops the upstream WebSocket client. Idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            int open = webSockets.openSockets();
            webSockets.close();
            LOG.info("{} closed ({} live sockets closed)", settings, open);
        }
    }

    /** Reports a resolver refusal to the listener (404s are not upstream failures). */
    void reportResolverFailure(WorkspaceId workspace, Failure failure) {
        if (failure == Failure.SERVICE_UNAVAILABLE) {
            listener.upstreamFailed(new UpstreamFailure(workspace, UpstreamFailure.Kind.RESOLVER_FAILED, failure));
        } else if (failure == Failure.INTERNAL_ERROR) {
            listener.upstreamFailed(new UpstreamFailure(workspace, UpstreamFailure.Kind.RESOLVER_BROKEN, failure));
        }
    }

    /** Where the HTTP proxy reports exchanges and failures. */
    HttpTunnel.Reporter httpReporter() {
        return new HttpTunnel.Reporter() {
            @Override
            public void completed(ExchangeCompleted event) {
                listener.exchangeCompleted(event);
            }

            @Override
            public void failed(UpstreamFailure event) {
                listener.upstreamFailed(event);
            }
        };
    }

    /** Parses a tunnel request on the application's host, for this proxy's path layout. */
    TunnelPath parse(HttpServletRequest request) {
        return settings.rootWorkspace()
                .map(root -> TunnelPath.root(request.getRequestURI(), request.getContextPath(), root))
                .orElseGet(() -> TunnelPath.parse(request.getRequestURI(), request.getContextPath(),
                        settings.routing().tunnelPrefix().orElseThrow()));
    }

    /**
     * The browser-facing root of {@code workspace}'s tunnel on the application's host, with trailing slash, e.g.
     * {@code /ctx/__ide/ws1/}.
     */
    String tunnelRoot(String contextPath, WorkspaceId workspace) {
        return settings.rootWorkspace().isPresent() ? contextPath + "/"
                : contextPath + settings.routing().tunnelPrefix().orElseThrow() + "/" + workspace.value() + "/";
    }

    /** The origin {@code request} was sent to, as the browser sees it. */
    BrowserOrigin browserOrigin(HttpServletRequest request) {
        return BrowserOrigin.of(request, settings.trustedProxies());
    }

    /**
     * The name of the session cookie on the application's host (scoped to the workspace's path) or on a workspace's
     * own host ({@code Path=/}, so {@code __Host-} prefixed when {@code Secure}: no sibling host can set or shadow it).
     */
    String sessionCookieName(boolean onWorkspaceHost) {
        return CookieNames.of(settings.cookie().name(), null, onWorkspaceHost && settings.cookie().secure());
    }

    ProxySettings settings() {
        return settings;
    }

    SessionCredentials sessions() {
        return sessions;
    }

    SpiGuard guard() {
        return guard;
    }

    SafeListener listener() {
        return listener;
    }

    CredentialCheck credentials() {
        return credentials;
    }

    WebSocketTunnel webSockets() {
        return webSockets;
    }

    Quotas quotas() {
        return quotas;
    }

    /** The workspace hosts, or null when workspaces are served under paths only. */
    WorkspaceHosts hosts() {
        return hosts;
    }

    /** The browser binding of launches, on the application's origin. */
    BrowserNonce binding() {
        return binding;
    }

    /** The launch state, on a workspace's origin. */
    BrowserNonce launchState() {
        return launchState;
    }

    HandoffTickets handoffs() {
        return handoffs;
    }
}

package dev.devproxy.internal;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import dev.devproxy.Failure;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.internal.http.HttpTunnel;
import dev.devproxy.internal.ws.WebSocketTunnel;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.TokenIssuer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Everything one {@link DevProxy} runs on: its collaborators wrapped in guards, the
 * session credentials, and the WebSocket side with its live sockets. Servlets and filters created from it
 * share this state, so one proxy installed in several contexts still has one registry of sockets.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy");

    private final DevProxy proxy;
    private final SessionCredentials sessions;
    private final SpiGuard guard;
    private final SafeListener listener;
    private final CredentialCheck credentials;
    private final WebSocketTunnel webSockets;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param proxy the configuration source
     * @param sessionSecret the HMAC key for session cookies
     */
    public Engine(DevProxy proxy, byte[] sessionSecret) {
        this.proxy = proxy;
        this.sessions = new SessionCredentials(sessionSecret, proxy.clock());
        this.guard = new SpiGuard(proxy.resolver(), proxy.tokenVerifier(), proxy.replayStore());
        this.listener = new SafeListener(proxy.listener());
        this.credentials = new CredentialCheck(sessions, guard, proxy.cookie().name(), proxy.credentialRequired());
        this.webSockets = new WebSocketTunnel(proxy, listener);
    }

    /** Issues a launch token and its bootstrap URL under {@code contextPath}. */
    public LaunchToken issueLaunch(String subject, WorkspaceId workspace, String contextPath) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(contextPath, "contextPath");
        TokenIssuer issuer = proxy.tokenIssuer().orElseThrow(() -> new IllegalStateException(
                "no token issuer configured: use DevProxy.builder().tokens(JwtTokens.hmac(...)) or tokenIssuer(...)"));
        IssuedToken token = issuer.issue(subject, workspace, proxy.tokenTtl());
        if (token == null) {
            throw new IllegalStateException("TokenIssuer " + issuer.getClass().getName() + " returned null");
        }
        String url = contextPath + proxy.bootstrapPrefix() + "/" + workspace.value() + "/ide?token="
                + URLEncoder.encode(token.token(), StandardCharsets.UTF_8);
        listener.tokenIssued(new TokenIssued(workspace, subject, token.tokenId(), token.expiresAt()));
        LOG.debug("launch token {} issued for workspace {}", token.tokenId(), workspace);
        return new LaunchToken(token.token(), url, token.expiresAt());
    }

    /** A new bootstrap filter bound to this engine. */
    public Filter newBootstrapFilter() {
        return new BootstrapFilter(this);
    }

    /** A new tunnel servlet bound to this engine. */
    public HttpServlet newTunnelServlet() {
        return new TunnelServlet(this);
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
            LOG.info("devproxy {} closed ({} live sockets closed)", proxy.tunnelPrefix(), open);
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

    /** Parses a tunnel request, for this proxy's path layout. */
    TunnelPath parse(jakarta.servlet.http.HttpServletRequest request) {
        return proxy.rootWorkspace()
                .map(root -> TunnelPath.root(request.getRequestURI(), request.getContextPath(), root))
                .orElseGet(() -> TunnelPath.parse(request.getRequestURI(), request.getContextPath(), proxy.tunnelPrefix()));
    }

    /** The browser-facing root of {@code workspace}'s tunnel, with trailing slash, e.g. {@code /ctx/__ide/ws1/}. */
    String tunnelRoot(String contextPath, WorkspaceId workspace) {
        return proxy.rootWorkspace().isPresent() ? contextPath + "/"
                : contextPath + proxy.tunnelPrefix() + "/" + workspace.value() + "/";
    }

    DevProxy proxy() {
        return proxy;
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
}

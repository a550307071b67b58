package dev.devproxy.internal;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxyListener;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Limits;
import dev.devproxy.Routing;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.routing.TrustedProxies;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Internal: not API. What one {@code DevProxy} was built with, as the engine reads it. The public
 * {@code DevProxy} is the runtime handle (launches, revocations, close) and what adapters install; its configuration
 * is set through {@code DevProxy.Builder} and read only here, so that the engine's needs do not grow the public
 * surface.
 *
 * @param routing where workspaces are served; for a root workspace, shared-origin at the root
 * @param bootstrapPrefix the bootstrap prefix, default {@code /api/dev}
 * @param cookie the session cookie settings
 * @param tokenTtl how long a launch token lives
 * @param sessionTtl how long a session cookie lives
 * @param connectTimeout how long dialling an upstream may take
 * @param upstreamIdleTimeout how long an upstream may stay silent mid-exchange
 * @param upstreamKeepAlive how long an idle connection to an upstream is kept for the next request
 * @param upstreamThreads how many threads each upstream client adds to the shared upstream pool at most
 * @param upstreamExecutor the executor the upstream clients run on instead of the shared pool, if the application
 *     gave one
 * @param headerPolicy the proxy-wide header policy (a target may override it)
 * @param webSocket the WebSocket settings
 * @param listener the event listener
 * @param clock the clock of token and cookie lifetimes
 * @param resolver the target resolver
 * @param tokenVerifier the launch-token verifier
 * @param tokenIssuer the launch-token issuer, if configured
 * @param launchAuthorizer the launch authorizer, if configured (else no token endpoint)
 * @param replayStore the store that makes launch tokens single-use
 * @param revocationStore the store of revoked sessions, subjects and workspaces
 * @param rootWorkspace the workspace served at the root of the context, for a local entry proxy
 * @param credentialRequired whether tunnel requests need a credential
 * @param launchBinding whether launch links work only in the browser that asked for them
 * @param trustedProxies the proxies whose {@code X-Forwarded-*} headers are believed
 * @param accessTokenTtl how long bearer access tokens live, if they are enabled
 * @param limits how much one user, one workspace, or everyone together may hold
 */
public record ProxySettings(Routing routing, String bootstrapPrefix, CookieSettings cookie, Duration tokenTtl,
        Duration sessionTtl, Duration connectTimeout, Duration upstreamIdleTimeout, Duration upstreamKeepAlive,
        int upstreamThreads, Optional<Executor> upstreamExecutor, HeaderPolicy headerPolicy, WebSocketSettings webSocket, DevProxyListener listener,
        Clock clock, TargetResolver resolver, TokenVerifier tokenVerifier, Optional<TokenIssuer> tokenIssuer,
        Optional<LaunchAuthorizer> launchAuthorizer, ReplayStore replayStore, RevocationStore revocationStore,
        Optional<WorkspaceId> rootWorkspace, boolean credentialRequired, LaunchBinding launchBinding,
        TrustedProxies trustedProxies, Optional<Duration> accessTokenTtl, Limits limits) {

    /** Whether workspaces have hosts of their own, so that adapters install the workspace-host filter. */
    public boolean servesWorkspaceHosts() {
        return rootWorkspace.isEmpty() && routing.servesHosts();
    }

    /**
     * The servlet mapping of the tunnel on the application's host: {@code <tunnelPrefix>/*} with shared-origin
     * paths, {@code /*} for a root workspace, empty when workspaces are served on their own hosts only.
     */
    public Optional<String> tunnelServletMapping() {
        if (rootWorkspace.isPresent()) {
            return Optional.of("/*");
        }
        return routing.tunnelPrefix().map(prefix -> prefix + "/*");
    }

    /** A name for the proxy's filters and servlet, unique among the proxies of one context. */
    public String registrationName() {
        return "devproxy" + bootstrapPrefix.replace('/', '-');
    }

    /** A short description for logs: the routing (or root workspace) and bootstrap prefix, nothing secret. */
    @Override
    public String toString() {
        return "DevProxy[" + (rootWorkspace.isPresent() ? "root=" + rootWorkspace.get() : routing) + ", bootstrap="
                + bootstrapPrefix + "]";
    }
}

package dev.devproxy;

import dev.devproxy.internal.Engine;
import dev.devproxy.internal.ProxySettings;
import dev.devproxy.internal.routing.TrustedProxies;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.Revocation;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.token.InMemoryReplayStore;
import dev.devproxy.token.InMemoryRevocationStore;
import dev.devproxy.token.JwtTokens;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One configured devproxy: the token endpoint, the bootstrap route and the live tunnel, ready to be
 * installed into a servlet container by an adapter ({@code JettyDevProxy.install},
 * {@code TomcatDevProxy.install}).
 *
 * <pre>{@code
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))   // one origin per workspace
 *         .resolver((workspace, caller) -> registry.find(workspace, caller))      // you implement this
 *         .tokens(JwtTokens.hmac(secret))                                          // issue + verify launch tokens
 *         .launchAuthorizer((request, workspace) -> LaunchDecision.allow(currentUser(request)))
 *         .build();
 * JettyDevProxy.install(context, proxy);
 * }</pre>
 *
 * <p>Routes, with the default prefixes and {@link Routing#hosts host routing}:
 * <ul>
 *   <li>{@code POST /api/dev/{id}/ide-token} on the application's host: asks the {@link LaunchAuthorizer},
 *       ties a launch token to the asking browser ({@link LaunchBinding}) and answers
 *       {@code {"token", "url", "expiresAt"}}, the URL on the workspace's own host;</li>
 *   <li>{@code https://{id}.ide.example-ide.net/__devproxy/launch?...}: the launch; it passes once through
 *       {@code /api/dev/{id}/ide} on the application's host, which checks the binding and spends the single-use
 *       token, and comes back with a one-minute ticket that sets a host-only HttpOnly session cookie and redirects
 *       (303) to the workspace's root;</li>
 *   <li>every other path of {@code https://{id}.ide.example-ide.net/}: HTTP and WebSocket, credential checked,
 *       target resolved per request.</li>
 * </ul>
 * With {@link Routing#sharedOrigin() shared-origin routing} the bootstrap {@code GET /api/dev/{id}/ide?token=...}
 * sets a cookie scoped to {@code /__ide/{id}/} and redirects there, and the tunnel is {@code /__ide/{id}/...}.
 *
 * <p>A {@code DevProxy} is thread-safe, and several can live in one JVM: they share devproxy's upstream threads and
 * relay loops, which the last of them to close stops. It owns upstream clients and live sockets; {@link #close()}
 * releases them (adapters call it when the last web application it is installed in stops).
 */
public final class DevProxy implements AutoCloseable {
    private final ProxySettings settings;
    private final Engine engine;

    private DevProxy(Builder b) {
        // A root workspace (a local entry proxy) is served at the root of its own entry, whatever the prefix.
        this.settings = new ProxySettings(b.routing != null ? b.routing : Routing.sharedOrigin(), b.bootstrapPrefix,
                b.cookie, b.tokenTtl, b.sessionTtl, b.connectTimeout, b.upstreamIdleTimeout, b.upstreamKeepAlive,
                b.upstreamThreads, Optional.ofNullable(b.upstreamExecutor), b.headerPolicy, b.webSocket, b.listener, b.clock, b.resolver, b.tokenVerifier,
                Optional.ofNullable(b.tokenIssuer), Optional.ofNullable(b.launchAuthorizer),
                b.replayStore != null ? b.replayStore : new InMemoryReplayStore(b.clock),
                b.revocationStore != null ? b.revocationStore : new InMemoryRevocationStore(b.clock),
                Optional.ofNullable(b.rootWorkspace), b.credentialRequired, b.launchBinding, b.trustedProxies,
                Optional.ofNullable(b.accessTokenTtl), b.limits);
        this.engine = new Engine(settings, b.sessionSecret != null ? b.sessionSecret.clone() : randomSecret());
    }

    /** A new builder. {@link Builder#resolver} and {@link Builder#tokenVerifier} (or {@link Builder#tokens}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Issues a launch for {@code subject} and {@code workspace} to the browser that sent {@code request}, for
     * integrators who serve their own token endpoint behind their own authentication. It does what devproxy's
     * token endpoint does: with {@link LaunchBinding#BROWSER} it adds the binding cookie to {@code response} (so
     * call it before the response is committed), and the URL it returns works only in that browser. The URL is
     * absolute on the workspace's own host with {@link Routing#hosts host routing}, else relative to the request's
     * host, under its context path.
     *
     * <pre>{@code
     * LaunchToken launch = proxy.issueLaunch(request, response, user.id(), WorkspaceId.of(id));
     * writeJson(response, Map.of("url", launch.url()));   // the front end opens it in a new tab
     * }</pre>
     *
     * @throws IllegalStateException if no {@link TokenIssuer} was configured
     * @throws IllegalArgumentException if host routing cannot serve {@code workspace} (its id is not a DNS label)
     */
    public LaunchToken issueLaunch(HttpServletRequest request, HttpServletResponse response, String subject,
            WorkspaceId workspace) {
        return engine.issueLaunch(Objects.requireNonNull(request, "request"), Objects.requireNonNull(response,
                "response"), subject, workspace);
    }

    /**
     * Issues a launch that no browser asked for, as a bearer link: for a proxy built with {@link LaunchBinding#NONE}
     * (a desktop application opening a local entry proxy, say). The URL is relative to the root of the application's
     * host, or absolute on the workspace's host with {@link Routing#hosts host routing}, which then takes the scheme
     * and port from the pattern, else {@code https} and the default port.
     *
     * @throws IllegalStateException if no {@link TokenIssuer} was configured, or launches are bound to browsers
     *     (use {@link #issueLaunch(HttpServletRequest, HttpServletResponse, String, WorkspaceId)})
     */
    public LaunchToken issueLaunch(String subject, WorkspaceId workspace) {
        return engine.issueUnboundLaunch(subject, workspace);
    }

    /**
     * Issues a bearer access token for {@code subject} and {@code workspace}, for a client that is not a browser:
     * see {@link AccessToken}. Call it only behind your own authentication of that client.
     *
     * @throws IllegalStateException unless the proxy was built with {@link Builder#accessTokens}
     */
    public AccessToken issueAccessToken(String subject, WorkspaceId workspace) {
        return engine.issueAccessToken(Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(workspace, "workspace"));
    }

    /**
     * Revokes one session (or access token) by the id that {@code BootstrapAccepted} reported: its next request is
     * refused (401) and its live WebSockets close with {@code 4401}, on every node that shares the
     * {@link RevocationStore}.
     *
     * @return how many socket pairs were closed on this node
     * @throws IllegalStateException if the revocation store failed (nothing was revoked)
     */
    public int revokeSession(String sessionId) {
        return engine.revoke(Revocation.Scope.SESSION, Objects.requireNonNull(sessionId, "sessionId"));
    }

    /**
     * Revokes every session and access token issued to {@code subject} until now (the user signed out, or lost
     * access): their next requests are refused (401) and their live WebSockets close with {@code 4401}. A launch made
     * afterwards starts a valid session again.
     *
     * @return how many socket pairs were closed on this node
     * @throws IllegalStateException if the revocation store failed (nothing was revoked)
     */
    public int revokeSubject(String subject) {
        return engine.revoke(Revocation.Scope.SUBJECT, Objects.requireNonNull(subject, "subject"));
    }

    /**
     * Revokes every session and access token for {@code workspace} issued until now, whoever holds them, and closes
     * its live WebSockets with {@code 4401}. Unlike {@link #closeWorkspace}, the credentials end too.
     *
     * @return how many socket pairs were closed on this node
     * @throws IllegalStateException if the revocation store failed (nothing was revoked)
     */
    public int revokeWorkspace(WorkspaceId workspace) {
        return engine.revoke(Revocation.Scope.WORKSPACE, Objects.requireNonNull(workspace, "workspace").value());
    }

    /**
     * Closes every live WebSocket of {@code workspace} with close code {@code 4410}
     * ({@link Failure#WORKSPACE_CLOSED}), for a stopped workspace. Sessions stay valid and new requests are not
     * blocked: make the resolver return empty for that, or {@link #revokeWorkspace} to end the sessions too.
     *
     * @return how many socket pairs were closed
     */
    public int closeWorkspace(WorkspaceId workspace) {
        return engine.closeWorkspace(Objects.requireNonNull(workspace, "workspace"));
    }

    /** How many WebSocket pairs are open right now. */
    public int openSockets() {
        return engine.openSockets();
    }

    /**
     * The container-neutral servlet filter that serves the token endpoint and bootstrap route. Adapters map
     * it to {@code <bootstrapPrefix>/*} with async support; requests it does not own pass down the chain.
     */
    public Filter bootstrapFilter() {
        return engine.newBootstrapFilter();
    }

    /**
     * The container-neutral servlet that serves the tunnel on the application's host, HTTP and WebSocket alike.
     * Adapters map it to {@link #tunnelServletMapping()}, if there is one, with async support, after making sure
     * the Jakarta WebSocket {@code ServerContainer} is initialised.
     */
    public HttpServlet tunnelServlet() {
        return engine.newTunnelServlet();
    }

    /**
     * The container-neutral filter that serves every request to a workspace's own host ({@link Routing#hosts}), HTTP
     * and WebSocket, and lets every other request through untouched. Adapters map it to {@code /*}, first in the
     * chain (the application's filters and routes never see a workspace host's requests), for the {@code REQUEST}
     * and {@code ASYNC} dispatcher types, with async support, when {@link #servesWorkspaceHosts()}.
     */
    public Filter workspaceHostFilter() {
        return engine.newWorkspaceHostFilter();
    }

    /** Whether workspaces have hosts of their own, so that adapters install {@link #workspaceHostFilter()}. */
    public boolean servesWorkspaceHosts() {
        return settings.servesWorkspaceHosts();
    }

    /**
     * Stops the proxy: waits up to {@link WebSocketSettings#shutdownDrain()} for live sockets to close,
     * closes the rest with 1001, and stops the upstream clients. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** Where workspaces are served; for a {@link Builder#rootWorkspace root workspace}, shared-origin at the root. */
    public Routing routing() {
        return settings.routing();
    }

    /**
     * The servlet mapping of the tunnel on the application's host: {@code <tunnelPrefix>/*} with shared-origin
     * paths, {@code /*} when one workspace is served at the root ({@link Builder#rootWorkspace}), empty when
     * workspaces are served on their own hosts only. Adapters map {@link #tunnelServlet()} there.
     */
    public Optional<String> tunnelServletMapping() {
        return settings.tunnelServletMapping();
    }

    /**
     * A name for this proxy's filters and servlet, unique among the proxies of one context (they need distinct
     * bootstrap prefixes), e.g. {@code devproxy-api-dev}.
     */
    public String registrationName() {
        return settings.registrationName();
    }

    /** The bootstrap prefix, default {@code /api/dev}: adapters map {@link #bootstrapFilter()} to {@code <it>/*}. */
    public String bootstrapPrefix() {
        return settings.bootstrapPrefix();
    }

    /** The configuration as the engine reads it; for this package's tests. */
    ProxySettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** Builds a {@link DevProxy}. Setters validate their argument; {@link #build()} checks the whole. */
    public static final class Builder {
        private Routing routing;
        private String bootstrapPrefix = "/api/dev";
        private CookieSettings cookie = CookieSettings.defaults();
        private Duration tokenTtl = Duration.ofMinutes(5);
        private Duration sessionTtl = Duration.ofHours(8);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration upstreamIdleTimeout = Duration.ofSeconds(60);
        // Node.js servers (code-server, ttyd's front ends, Jupyter's proxies) close idle keep-alive connections
        // after 5 s. A pooled connection kept longer races that close: a request sent as the FIN arrives fails
        // (502). Seen in the e2e suite on code-server's editorWebWorkerMain.js.
        private Duration upstreamKeepAlive = Duration.ofSeconds(4);
        private int upstreamThreads = 64;
        private Executor upstreamExecutor;
        private HeaderPolicy headerPolicy = HeaderPolicy.defaults();
        private WebSocketSettings webSocket = WebSocketSettings.defaults();
        private DevProxyListener listener = DevProxyListener.NONE;
        private Clock clock = Clock.systemUTC();
        private TargetResolver resolver;
        private TokenVerifier tokenVerifier;
        private TokenIssuer tokenIssuer;
        private LaunchAuthorizer launchAuthorizer;
        private ReplayStore replayStore;
        private RevocationStore revocationStore;
        private byte[] sessionSecret;
        private WorkspaceId rootWorkspace;
        private boolean credentialRequired = true;
        private LaunchBinding launchBinding = LaunchBinding.BROWSER;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;
        private Duration accessTokenTtl;
        private Limits limits = Limits.defaults();

        private Builder() {
        }

        /** Sets how much one user, one workspace, or everyone together may hold (default {@link Limits#defaults()}). */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Enables bearer access tokens ({@link AccessToken}, {@link DevProxy#issueAccessToken}) that live {@code ttl}
         * (1 minute to 30 days), for clients that are not browsers. Off by default: a browser needs none (its session
         * cookie is bound to the workspace's origin), and a launch token is never a bearer credential.
         */
        public Builder accessTokens(Duration ttl) {
            Settings.positive("accessTokens", ttl);
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("accessTokens must live between 1 minute and 30 days, got " + ttl);
            }
            this.accessTokenTtl = ttl;
            return this;
        }

        /**
         * Sets where workspaces are served. Required (except with {@link #rootWorkspace}): read {@link Routing}
         * for what each choice lets a workspace's content reach.
         */
        public Builder routing(Routing routing) {
            this.routing = Objects.requireNonNull(routing, "routing");
            return this;
        }

        /**
         * Sets whether launch links work only in the browser that asked for them (default {@link LaunchBinding#BROWSER}).
         */
        public Builder launchBinding(LaunchBinding binding) {
            this.launchBinding = Objects.requireNonNull(binding, "launchBinding");
            return this;
        }

        /**
         * Believes {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port} from these peers
         * only: IP addresses or CIDR blocks of the reverse proxies in front of this server, e.g. {@code "10.0.0.0/8"}.
         * devproxy uses them for which workspace host a request is for, what a WebSocket's {@code Origin} must be, and
         * what the upstream is told; from anyone else they are ignored. Default: none. (A container that already
         * rewrites the request's scheme from them, such as Jetty's {@code ForwardedRequestCustomizer} or Tomcat's
         * {@code RemoteIpValve}, is believed for the scheme as it is.)
         *
         * @throws IllegalArgumentException if a value is not an IP address or CIDR block
         */
        public Builder trustedProxies(String... addresses) {
            this.trustedProxies = TrustedProxies.of(List.of(Objects.requireNonNull(addresses, "trustedProxies")));
            return this;
        }

        /**
         * Serves exactly {@code workspace} at the root of the context instead of under
         * {@code <tunnelPrefix>/{id}/}: {@code /} is the workspace's {@code /}. This is what a local entry proxy
         * (one loopback port per workspace) is; the bootstrap route stays {@code <bootstrapPrefix>/{id}/ide},
         * so choose a bootstrap prefix the workspace's app does not use (e.g. {@code /__devproxy}).
         */
        public Builder rootWorkspace(WorkspaceId workspace) {
            this.rootWorkspace = Objects.requireNonNull(workspace, "rootWorkspace");
            return this;
        }

        /**
         * Whether tunnel requests need a credential (default true). Only a {@link #rootWorkspace} proxy may
         * turn it off, for a single-user machine where every local process may drive the IDE anyway.
         */
        public Builder credentialRequired(boolean required) {
            this.credentialRequired = required;
            return this;
        }

        /** Sets the bootstrap prefix, e.g. {@code /api/dev}: one or more path segments, no trailing slash. */
        public Builder bootstrapPrefix(String prefix) {
            this.bootstrapPrefix = Settings.prefix("bootstrapPrefix", prefix);
            return this;
        }

        /** Sets the session cookie settings. */
        public Builder cookie(CookieSettings settings) {
            this.cookie = Objects.requireNonNull(settings, "cookie");
            return this;
        }

        /** Sets the launch-token lifetime (default 5 minutes); 1 second to 1 hour. */
        public Builder tokenTtl(Duration ttl) {
            Settings.positive("tokenTtl", ttl);
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("tokenTtl must be between 1 second and 1 hour, got " + ttl);
            }
            this.tokenTtl = ttl;
            return this;
        }

        /** Sets the session-cookie lifetime (default 8 hours); 1 minute to 30 days. */
        public Builder sessionTtl(Duration ttl) {
            Settings.positive("sessionTtl", ttl);
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("sessionTtl must be between 1 minute and 30 days, got " + ttl);
            }
            this.sessionTtl = ttl;
            return this;
        }

        /** Sets how long dialling an upstream may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Settings.positive("connectTimeout", timeout);
            return this;
        }

        /** Sets how long an upstream may stay silent mid-exchange (default 60 s). */
        public Builder upstreamIdleTimeout(Duration timeout) {
            this.upstreamIdleTimeout = Settings.positive("upstreamIdleTimeout", timeout);
            return this;
        }

        /**
         * Sets how long an idle upstream connection is kept for reuse (default 4 s). Keep it below the
         * upstream's own keep-alive timeout (Node.js: 5 s; Tornado, as in Jupyter: none; Go: none), or a request
         * can race the upstream closing the connection and fail with 502. Independent of
         * {@link #upstreamIdleTimeout}, which bounds silence while an exchange is in flight.
         */
        public Builder upstreamKeepAlive(Duration keepAlive) {
            this.upstreamKeepAlive = Settings.positive("upstreamKeepAlive", keepAlive);
            return this;
        }

        /**
         * Sets how many threads each of this proxy's upstream clients (the HTTP tunnel's, one per context it is
         * installed in, and the WebSocket handshakes') may add to devproxy's upstream pool (default 64, at least 8).
         * Every proxy of the JVM shares that pool and one timer thread, so a second proxy adds capacity, not idle
         * threads; the last proxy to close stops them. Ignored with an {@link #upstreamExecutor}.
         */
        public Builder upstreamThreads(int threads) {
            if (threads < 8) {
                throw new IllegalArgumentException("upstreamThreads must be at least 8, got " + threads);
            }
            this.upstreamThreads = threads;
            return this;
        }

        /**
         * Runs this proxy's upstream clients on {@code executor} (the application's own pool, say) instead of
         * devproxy's shared upstream pool. devproxy never stops it. Each client keeps one task running on it for as
         * long as the proxy lives (its selector: one for WebSockets, one per context the proxy is installed in), and
         * runs short, non-blocking tasks otherwise, so a pool needs those threads plus a few; an executor that
         * queues tasks behind a small fixed number of threads would stall the proxy. Timeouts stay on devproxy's
         * shared timer thread.
         */
        public Builder upstreamExecutor(Executor executor) {
            this.upstreamExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Sets the proxy-wide header policy. */
        public Builder headerPolicy(HeaderPolicy policy) {
            this.headerPolicy = Objects.requireNonNull(policy, "headerPolicy");
            return this;
        }

        /** Sets the WebSocket settings. */
        public Builder webSocket(WebSocketSettings settings) {
            this.webSocket = Objects.requireNonNull(settings, "webSocket");
            return this;
        }

        /**
         * Changes some of the WebSocket settings set so far (or the defaults), keeping the others:
         * {@code .webSocket(ws -> ws.idleTimeout(Duration.ofMinutes(30)))}.
         */
        public Builder webSocket(Consumer<WebSocketSettings.Builder> changes) {
            WebSocketSettings.Builder changed = webSocket.toBuilder();
            Objects.requireNonNull(changes, "changes").accept(changed);
            return webSocket(changed.build());
        }

        /** Sets the event listener (default: none). */
        public Builder listener(DevProxyListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sets the clock (for tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the target resolver. Required. */
        public Builder resolver(TargetResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Sets the launch-token verifier. Required (or use {@link #tokens}). */
        public Builder tokenVerifier(TokenVerifier verifier) {
            this.tokenVerifier = Objects.requireNonNull(verifier, "tokenVerifier");
            return this;
        }

        /** Sets the launch-token issuer, needed by the token endpoint and {@link DevProxy#issueLaunch}. */
        public Builder tokenIssuer(TokenIssuer issuer) {
            this.tokenIssuer = Objects.requireNonNull(issuer, "tokenIssuer");
            return this;
        }

        /**
         * Uses {@code tokens} to verify launch tokens and, if it holds a signing key, to issue them.
         */
        public Builder tokens(JwtTokens tokens) {
            Objects.requireNonNull(tokens, "tokens");
            this.tokenVerifier = tokens;
            this.tokenIssuer = tokens.canIssue() ? tokens : null;
            return this;
        }

        /**
         * Sets the hook that authorises calls to the token endpoint. Without it devproxy serves no token
         * endpoint and such requests pass on to the host application.
         */
        public Builder launchAuthorizer(LaunchAuthorizer authorizer) {
            this.launchAuthorizer = Objects.requireNonNull(authorizer, "launchAuthorizer");
            return this;
        }

        /** Sets the revocation store (default: in memory, one JVM; share one across nodes). */
        public Builder revocationStore(RevocationStore store) {
            this.revocationStore = Objects.requireNonNull(store, "revocationStore");
            return this;
        }

        /** Sets the replay store (default: in memory, one JVM). */
        public Builder replayStore(ReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "replayStore");
            return this;
        }

        /**
         * Sets the HMAC key (at least 32 bytes) that signs session cookies. By default a random key is
         * generated per {@code DevProxy}, so sessions do not survive a restart and are not accepted by other
         * nodes; share one key across nodes behind a load balancer.
         */
        public Builder sessionSecret(byte[] secret) {
            Objects.requireNonNull(secret, "sessionSecret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("sessionSecret must be at least 32 bytes, got " + secret.length);
            }
            this.sessionSecret = secret.clone();
            return this;
        }

        /**
         * Builds the proxy.
         *
         * @throws IllegalStateException if a required collaborator is missing or settings conflict
         */
        public DevProxy build() {
            if (resolver == null) {
                throw new IllegalStateException("resolver is required: implement TargetResolver to map workspaces to targets");
            }
            if (tokenVerifier == null) {
                throw new IllegalStateException("tokenVerifier is required: use tokens(JwtTokens...) or tokenVerifier(...)");
            }
            if (launchAuthorizer != null && tokenIssuer == null) {
                throw new IllegalStateException("launchAuthorizer is set but no tokenIssuer: the token endpoint needs a"
                        + " signing key (tokens(JwtTokens.hmac(...)) or tokenIssuer(...))");
            }
            if (!credentialRequired && rootWorkspace == null) {
                throw new IllegalStateException("credentialRequired(false) is only allowed with rootWorkspace(...): a"
                        + " shared tunnel must always check who is calling");
            }
            if (rootWorkspace == null && routing == null) {
                throw new IllegalStateException("routing is required: Routing.hosts(\"{id}.ide.example.com\","
                        + " \"app.example.com\") serves each workspace on its own origin; Routing.sharedOrigin() serves"
                        + " them under /__ide/{id}/ of the application's origin, where their content can act as the"
                        + " signed-in user (see Routing)");
            }
            if (rootWorkspace != null && routing != null) {
                throw new IllegalStateException("rootWorkspace(...) serves one workspace at the root of its own"
                        + " entry: it takes no routing, got " + routing);
            }
            if (routing != null && routing.tunnelPrefix().isPresent()
                    && overlaps(routing.tunnelPrefix().get(), bootstrapPrefix)) {
                throw new IllegalStateException("tunnelPrefix '" + routing.tunnelPrefix().get() + "' and bootstrapPrefix '"
                        + bootstrapPrefix + "' must not contain each other");
            }
            return new DevProxy(this);
        }

        private static boolean overlaps(String a, String b) {
            return (a + "/").startsWith(b + "/") || (b + "/").startsWith(a + "/");
        }
    }
}

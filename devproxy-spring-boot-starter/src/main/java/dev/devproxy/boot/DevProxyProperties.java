package dev.devproxy.boot;

import dev.devproxy.CookieSettings;
import dev.devproxy.LaunchBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code devproxy.*} configuration properties of the starter. Every property maps to one setting of
 * {@code DevProxy.Builder}; defaults are devproxy's own. A value devproxy refuses fails the application's start-up
 * with a failure analysis that names the property.
 *
 * <pre>
 * devproxy.routing.mode=hosts
 * devproxy.routing.workspace-host={id}.ide.example-ide.net
 * devproxy.routing.application-host=app.example.com
 * devproxy.keys.hmac-secret=${IDE_TOKEN_SECRET}
 * </pre>
 *
 * <p>The values under {@code devproxy.keys} are secrets: the starter never logs them and masks them in the
 * Actuator's {@code env} and {@code configprops} endpoints, also where {@code show-values} is {@code always}.
 */
@ConfigurationProperties("devproxy")
public class DevProxyProperties {
    /** Whether to install devproxy into the embedded web server. */
    private boolean enabled = true;

    /**
     * The path under which the token endpoint and the bootstrap route live on the application's host:
     * {@code POST <prefix>/{id}/ide-token}, {@code GET <prefix>/{id}/ide}.
     */
    private String bootstrapPrefix = "/api/dev";

    /** Whether a launch link works only in the browser that asked for it (browser) or anywhere (none). */
    private LaunchBinding launchBinding = LaunchBinding.BROWSER;

    /** How long a launch token lives: 1 second to 1 hour. */
    private Duration tokenTtl = Duration.ofMinutes(5);

    /** How long a session lives: 1 minute to 30 days. */
    private Duration sessionTtl = Duration.ofHours(8);

    /**
     * How long bearer access tokens for clients that are not browsers live (1 minute to 30 days); unset, they are
     * off.
     */
    private Duration accessTokenTtl;

    /** How long dialling an upstream may take before the browser gets 504. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** How long an upstream may stay silent mid-exchange before the browser gets 504. */
    private Duration upstreamIdleTimeout = Duration.ofSeconds(60);

    /** How long an idle upstream connection is kept for reuse; below the upstream's own keep-alive timeout. */
    private Duration upstreamKeepAlive = Duration.ofSeconds(4);

    /**
     * How many threads each upstream client (the HTTP tunnel's, the WebSocket handshakes') may add to the upstream pool
     * every proxy of the JVM shares (at least 8).
     */
    private int upstreamThreads = 64;

    /**
     * IP addresses or CIDR blocks of the reverse proxies whose X-Forwarded-Host, X-Forwarded-Proto and
     * X-Forwarded-Port devproxy believes. Default: none.
     */
    private List<String> trustedProxies = new ArrayList<>();

    private final Routing routing = new Routing();
    private final Cookie cookie = new Cookie();
    private final Limits limits = new Limits();
    private final Keys keys = new Keys();
    private final Metrics metrics = new Metrics();

    /** @return whether devproxy is installed */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether devproxy is installed */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the bootstrap prefix */
    public String getBootstrapPrefix() {
        return bootstrapPrefix;
    }

    /** @param bootstrapPrefix the bootstrap prefix */
    public void setBootstrapPrefix(String bootstrapPrefix) {
        this.bootstrapPrefix = bootstrapPrefix;
    }

    /** @return the launch binding */
    public LaunchBinding getLaunchBinding() {
        return launchBinding;
    }

    /** @param launchBinding the launch binding */
    public void setLaunchBinding(LaunchBinding launchBinding) {
        this.launchBinding = launchBinding;
    }

    /** @return the launch-token lifetime */
    public Duration getTokenTtl() {
        return tokenTtl;
    }

    /** @param tokenTtl the launch-token lifetime */
    public void setTokenTtl(Duration tokenTtl) {
        this.tokenTtl = tokenTtl;
    }

    /** @return the session lifetime */
    public Duration getSessionTtl() {
        return sessionTtl;
    }

    /** @param sessionTtl the session lifetime */
    public void setSessionTtl(Duration sessionTtl) {
        this.sessionTtl = sessionTtl;
    }

    /** @return the access-token lifetime, or null when access tokens are off */
    public Duration getAccessTokenTtl() {
        return accessTokenTtl;
    }

    /** @param accessTokenTtl the access-token lifetime, or null to turn access tokens off */
    public void setAccessTokenTtl(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the upstream idle timeout */
    public Duration getUpstreamIdleTimeout() {
        return upstreamIdleTimeout;
    }

    /** @param upstreamIdleTimeout the upstream idle timeout */
    public void setUpstreamIdleTimeout(Duration upstreamIdleTimeout) {
        this.upstreamIdleTimeout = upstreamIdleTimeout;
    }

    /** @return the upstream keep-alive */
    public Duration getUpstreamKeepAlive() {
        return upstreamKeepAlive;
    }

    /** @param upstreamKeepAlive the upstream keep-alive */
    public void setUpstreamKeepAlive(Duration upstreamKeepAlive) {
        this.upstreamKeepAlive = upstreamKeepAlive;
    }

    /** @return how many threads each upstream client may add to the upstream pool every proxy of the JVM shares */
    public int getUpstreamThreads() {
        return upstreamThreads;
    }

    /** @param upstreamThreads how many threads each upstream client may add to the shared upstream pool */
    public void setUpstreamThreads(int upstreamThreads) {
        this.upstreamThreads = upstreamThreads;
    }

    /** @return the trusted reverse proxies */
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    /** @param trustedProxies the trusted reverse proxies */
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** @return where workspaces are served */
    public Routing getRouting() {
        return routing;
    }

    /** @return the session cookie */
    public Cookie getCookie() {
        return cookie;
    }

    /** @return the limits */
    public Limits getLimits() {
        return limits;
    }

    /** @return the launch-token and session keys */
    public Keys getKeys() {
        return keys;
    }

    /** @return the metrics settings */
    public Metrics getMetrics() {
        return metrics;
    }

    /** Which routing a {@link Routing} describes. */
    public enum RoutingMode {
        /** Each workspace at the root of an origin of its own (recommended). */
        HOSTS,
        /** Every workspace under a path of the application's own origin, where its content acts as the user. */
        SHARED_ORIGIN
    }

    /** {@code devproxy.routing.*}: where the browser finds each workspace. */
    public static class Routing {
        /**
         * hosts (each workspace on an origin of its own) or shared-origin (under a path of the application's
         * origin, where a workspace's content can act as the signed-in user). Required: there is no default.
         */
        private RoutingMode mode;

        /** With hosts: the workspace host pattern, with {id} in its first label, e.g. {id}.ide.example-ide.net. */
        private String workspaceHost;

        /** With hosts: the application's own host, e.g. app.example.com (optionally with a scheme or port). */
        private String applicationHost;

        /**
         * The path under which workspaces are served on the application's origin: with shared-origin, default
         * /__ide; with hosts, set it to serve that path as well while old links are migrated.
         */
        private String sharedOriginPrefix;

        /** With hosts: the path devproxy keeps for itself on every workspace host (default /__devproxy). */
        private String reservedPrefix;

        /** @return the routing mode */
        public RoutingMode getMode() {
            return mode;
        }

        /** @param mode the routing mode */
        public void setMode(RoutingMode mode) {
            this.mode = mode;
        }

        /** @return the workspace host pattern */
        public String getWorkspaceHost() {
            return workspaceHost;
        }

        /** @param workspaceHost the workspace host pattern */
        public void setWorkspaceHost(String workspaceHost) {
            this.workspaceHost = workspaceHost;
        }

        /** @return the application's host */
        public String getApplicationHost() {
            return applicationHost;
        }

        /** @param applicationHost the application's host */
        public void setApplicationHost(String applicationHost) {
            this.applicationHost = applicationHost;
        }

        /** @return the shared-origin prefix */
        public String getSharedOriginPrefix() {
            return sharedOriginPrefix;
        }

        /** @param sharedOriginPrefix the shared-origin prefix */
        public void setSharedOriginPrefix(String sharedOriginPrefix) {
            this.sharedOriginPrefix = sharedOriginPrefix;
        }

        /** @return the reserved prefix on workspace hosts */
        public String getReservedPrefix() {
            return reservedPrefix;
        }

        /** @param reservedPrefix the reserved prefix on workspace hosts */
        public void setReservedPrefix(String reservedPrefix) {
            this.reservedPrefix = reservedPrefix;
        }
    }

    /** {@code devproxy.cookie.*}: devproxy's session cookie. */
    public static class Cookie {
        /** The cookie name (an RFC 6265 token). */
        private String name = "devproxy_session";

        /** Whether the cookie is Secure (and __Host- prefixed). Turn it off only for plain-HTTP development. */
        private boolean secure = true;

        /** The SameSite attribute: lax (the launch's redirect needs it) or strict. */
        private CookieSettings.SameSite sameSite = CookieSettings.SameSite.LAX;

        /** @return the cookie name */
        public String getName() {
            return name;
        }

        /** @param name the cookie name */
        public void setName(String name) {
            this.name = name;
        }

        /** @return whether the cookie is Secure */
        public boolean isSecure() {
            return secure;
        }

        /** @param secure whether the cookie is Secure */
        public void setSecure(boolean secure) {
            this.secure = secure;
        }

        /** @return the SameSite attribute */
        public CookieSettings.SameSite getSameSite() {
            return sameSite;
        }

        /** @param sameSite the SameSite attribute */
        public void setSameSite(CookieSettings.SameSite sameSite) {
            this.sameSite = sameSite;
        }
    }

    /** {@code devproxy.limits.*}: how much one user, one workspace or everyone may hold; each at least 1. */
    public static class Limits {
        /** WebSocket pairs one user may hold open at once, across workspaces. */
        private int webSocketsPerSubject = 64;

        /** WebSocket pairs one workspace may hold open at once, across users. */
        private int webSocketsPerWorkspace = 256;

        /** WebSocket pairs the whole proxy may hold open at once. */
        private int webSocketsPerProxy = 20_000;

        /** WebSocket upgrades to one workspace that may be dialling its upstream at once. */
        private int dialsPerWorkspace = 32;

        /** HTTP exchanges with one workspace's upstream that may be in flight at once. */
        private int httpExchangesPerWorkspace = 256;

        /** What Retry-After tells a refused client (whole seconds, at least 1). */
        private Duration retryAfter = Duration.ofSeconds(5);

        /** @return WebSocket pairs per subject */
        public int getWebSocketsPerSubject() {
            return webSocketsPerSubject;
        }

        /** @param value WebSocket pairs per subject */
        public void setWebSocketsPerSubject(int value) {
            this.webSocketsPerSubject = value;
        }

        /** @return WebSocket pairs per workspace */
        public int getWebSocketsPerWorkspace() {
            return webSocketsPerWorkspace;
        }

        /** @param value WebSocket pairs per workspace */
        public void setWebSocketsPerWorkspace(int value) {
            this.webSocketsPerWorkspace = value;
        }

        /** @return WebSocket pairs of the proxy */
        public int getWebSocketsPerProxy() {
            return webSocketsPerProxy;
        }

        /** @param value WebSocket pairs of the proxy */
        public void setWebSocketsPerProxy(int value) {
            this.webSocketsPerProxy = value;
        }

        /** @return dials per workspace */
        public int getDialsPerWorkspace() {
            return dialsPerWorkspace;
        }

        /** @param value dials per workspace */
        public void setDialsPerWorkspace(int value) {
            this.dialsPerWorkspace = value;
        }

        /** @return HTTP exchanges per workspace */
        public int getHttpExchangesPerWorkspace() {
            return httpExchangesPerWorkspace;
        }

        /** @param value HTTP exchanges per workspace */
        public void setHttpExchangesPerWorkspace(int value) {
            this.httpExchangesPerWorkspace = value;
        }

        /** @return the Retry-After of a refusal */
        public Duration getRetryAfter() {
            return retryAfter;
        }

        /** @param retryAfter the Retry-After of a refusal */
        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }
    }

    /**
     * {@code devproxy.keys.*}: what signs and verifies launch tokens, and signs session cookies. Secrets: never
     * logged, masked in the Actuator. Either an HMAC secret, or PEM key files for RS256 or ES256 (the algorithm
     * follows the key), or none of them and a {@code JwtTokens} (or {@code TokenVerifier}) bean.
     */
    public static class Keys {
        /** The HS256 secret for launch tokens: at least 32 bytes (UTF-8), the same on every node. */
        private String hmacSecret;

        /** A PEM file (-----BEGIN PUBLIC KEY-----) with the RSA (RS256) or EC P-256 (ES256) public key. */
        private Resource publicKey;

        /**
         * A PEM file (-----BEGIN PRIVATE KEY-----, PKCS #8) with the matching private key; without it this node only
         * verifies launch tokens that another one issued, and serves no token endpoint.
         */
        private Resource privateKey;

        /**
         * The secret that signs session cookies: at least 32 bytes (UTF-8), the same on every node behind one load
         * balancer. Unset, each start picks a random one, and sessions do not survive a restart.
         */
        private String sessionSecret;

        /** @return the HMAC secret */
        public String getHmacSecret() {
            return hmacSecret;
        }

        /** @param hmacSecret the HMAC secret */
        public void setHmacSecret(String hmacSecret) {
            this.hmacSecret = hmacSecret;
        }

        /** @return the public key file */
        public Resource getPublicKey() {
            return publicKey;
        }

        /** @param publicKey the public key file */
        public void setPublicKey(Resource publicKey) {
            this.publicKey = publicKey;
        }

        /** @return the private key file */
        public Resource getPrivateKey() {
            return privateKey;
        }

        /** @param privateKey the private key file */
        public void setPrivateKey(Resource privateKey) {
            this.privateKey = privateKey;
        }

        /** @return the session secret */
        public String getSessionSecret() {
            return sessionSecret;
        }

        /** @param sessionSecret the session secret */
        public void setSessionSecret(String sessionSecret) {
            this.sessionSecret = sessionSecret;
        }

        /** Names which keys are set, never their values. */
        @Override
        public String toString() {
            return "Keys[hmacSecret=" + (hmacSecret == null ? "unset" : "set") + ", publicKey=" + publicKey
                    + ", privateKey=" + (privateKey == null ? "unset" : "set") + ", sessionSecret="
                    + (sessionSecret == null ? "unset" : "set") + "]";
        }
    }

    /** {@code devproxy.metrics.*}: the Micrometer meters, registered when the application has a MeterRegistry. */
    public static class Metrics {
        /** Whether to record devproxy's meters. */
        private boolean enabled = true;

        /**
         * Whether meters carry a workspace tag. Every workspace then makes series of its own: with many workspaces,
         * many thousands of series. Leave it off unless workspaces are few and long-lived.
         */
        private boolean workspaceTag;

        /** @return whether meters are recorded */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether meters are recorded */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return whether meters carry a workspace tag */
        public boolean isWorkspaceTag() {
            return workspaceTag;
        }

        /** @param workspaceTag whether meters carry a workspace tag */
        public void setWorkspaceTag(boolean workspaceTag) {
            this.workspaceTag = workspaceTag;
        }
    }
}

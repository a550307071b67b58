package dev.devproxy;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How request and response headers are rewritten between browser and upstream.
 *
 * <p>The defaults are what code-server, noVNC and Jupyter need behind a path-prefix tunnel:
 * <ul>
 *   <li>{@link HostHeader#PRESERVE}: the upstream sees the browser-facing {@code Host}. code-server
 *       accepts a WebSocket only when the {@code Origin} host equals the forwarded host.</li>
 *   <li>{@link ForwardedHeaders#ADD}: client-supplied {@code Forwarded}/{@code X-Forwarded-*} are always
 *       dropped; devproxy then sets its own {@code X-Forwarded-Host}, {@code -Proto}, {@code -For} and,
 *       in strip mode, {@code -Prefix}. {@link ForwardedHeaders#STRIP} sends none (local mode).</li>
 *   <li>{@link ServiceWorkerScope#CLAMP}: an upstream {@code Service-Worker-Allowed} header is rewritten
 *       to stay inside {@code /__ide/{id}/}, so no worker can claim the whole origin.</li>
 *   <li>{@link ServerHeader#UPSTREAM}: responses carry the upstream's {@code Server} header, never one naming the
 *       host's container.</li>
 * </ul>
 * Rules that are not optional (hop-by-hop headers dropped, devproxy's own cookie and token never
 * forwarded, upstream cookies scoped to the workspace path, {@code Origin} never forged) are not
 * part of the policy.
 *
 * <pre>{@code
 * HeaderPolicy local = HeaderPolicy.builder()
 *         .forwardedHeaders(HeaderPolicy.ForwardedHeaders.STRIP)
 *         .serviceWorkerScope(HeaderPolicy.ServiceWorkerScope.STRIP)
 *         .build();
 * }</pre>
 */
public final class HeaderPolicy {
    /** Which {@code Host} the upstream sees. */
    public enum HostHeader {
        /** The browser-facing host, e.g. {@code app.example.com} (default). */
        PRESERVE,
        /** The target's own {@code host:port}. */
        TARGET
    }

    /** What forwarding headers the upstream sees. Client-supplied ones are dropped in every mode. */
    public enum ForwardedHeaders {
        /** Set {@code X-Forwarded-Host}, {@code -Proto}, {@code -For}, and {@code -Prefix} in strip mode (default). */
        ADD,
        /** Send no forwarding headers at all. */
        STRIP
    }

    /** What happens to an upstream {@code Service-Worker-Allowed} response header. */
    public enum ServiceWorkerScope {
        /** Rewrite it into the workspace's tunnel path (default). */
        CLAMP,
        /** Remove it. */
        STRIP,
        /** Pass it through unchanged. Lets a worker claim paths outside the workspace. */
        PASS
    }

    /**
     * Which {@code Server} header a browser sees on the tunnel's responses. Either way it sees one at most, and one
     * {@code Date}: the upstream's where it sent one, else the container's.
     */
    public enum ServerHeader {
        /**
         * The upstream's {@code Server}, or none where the upstream sends none (default): tunnel responses never name
         * the host's container and its version, which Jetty adds to every response
         * ({@code HttpConfiguration.setSendServerVersion}, on by default) as a field no servlet can remove. On Tomcat a
         * connector's {@code server} attribute, where set, still replaces every {@code Server} header, as for the
         * host's own responses.
         */
        UPSTREAM,
        /**
         * The container's own, as on the host application's other responses (Jetty: {@code Jetty(12.1.x)} unless its
         * {@code HttpConfiguration} says otherwise; Tomcat: its connector's {@code server} attribute, none if unset);
         * the upstream's is dropped.
         */
        CONTAINER
    }

    private static final HeaderPolicy DEFAULTS = builder().build();

    private final HostHeader hostHeader;
    private final ForwardedHeaders forwardedHeaders;
    private final ServiceWorkerScope serviceWorkerScope;
    private final ServerHeader serverHeader;
    private final Set<String> withheldCookies;
    private final Set<String> serviceWorkerStripPaths;

    private HeaderPolicy(Builder builder) {
        this.hostHeader = builder.hostHeader;
        this.forwardedHeaders = builder.forwardedHeaders;
        this.serviceWorkerScope = builder.serviceWorkerScope;
        this.serverHeader = builder.serverHeader;
        this.withheldCookies = Set.copyOf(builder.withheldCookies);
        this.serviceWorkerStripPaths = Set.copyOf(builder.serviceWorkerStripPaths);
    }

    /** The default policy: preserve {@code Host}, add forwarding headers, clamp service workers. */
    public static HeaderPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which {@code Host} the upstream sees. */
    public HostHeader hostHeader() {
        return hostHeader;
    }

    /** What forwarding headers the upstream sees. */
    public ForwardedHeaders forwardedHeaders() {
        return forwardedHeaders;
    }

    /** What happens to {@code Service-Worker-Allowed}. */
    public ServiceWorkerScope serviceWorkerScope() {
        return serviceWorkerScope;
    }

    /** Which {@code Server} header the browser sees. */
    public ServerHeader serverHeader() {
        return serverHeader;
    }

    /**
     * Names of the host application's own cookies that must not reach workspaces (matched ignoring case).
     * devproxy's session cookie is always withheld; list here e.g. your {@code JSESSIONID} if it is scoped to
     * {@code Path=/}, since the browser sends such a cookie along with every tunnel request.
     */
    public Set<String> withheldCookies() {
        return withheldCookies;
    }

    /**
     * Path endings (e.g. {@code /out/browser/serviceWorker.js}, code-server's PWA worker) whose
     * {@code Service-Worker-Allowed} response header is removed whatever {@link #serviceWorkerScope()} says,
     * while other workers (code-server's webviews) keep theirs.
     */
    public Set<String> serviceWorkerStripPaths() {
        return serviceWorkerStripPaths;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof HeaderPolicy)) {
            return false;
        }
        HeaderPolicy that = (HeaderPolicy) other;
        return hostHeader == that.hostHeader && forwardedHeaders == that.forwardedHeaders
                && serviceWorkerScope == that.serviceWorkerScope && serverHeader == that.serverHeader
                && withheldCookies.equals(that.withheldCookies)
                && serviceWorkerStripPaths.equals(that.serviceWorkerStripPaths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostHeader, forwardedHeaders, serviceWorkerScope, serverHeader, withheldCookies,
                serviceWorkerStripPaths);
    }

    @Override
    public String toString() {
        return "HeaderPolicy[host=" + hostHeader + ", forwarded=" + forwardedHeaders
                + ", serviceWorker=" + serviceWorkerScope + ", server=" + serverHeader + ", withheldCookies="
                + withheldCookies + "]";
    }

    /** Builds a {@link HeaderPolicy}; every setter rejects null. */
    public static final class Builder {
        private HostHeader hostHeader = HostHeader.PRESERVE;
        private ForwardedHeaders forwardedHeaders = ForwardedHeaders.ADD;
        private ServiceWorkerScope serviceWorkerScope = ServiceWorkerScope.CLAMP;
        private ServerHeader serverHeader = ServerHeader.UPSTREAM;
        private final Set<String> withheldCookies = new LinkedHashSet<>();
        private final Set<String> serviceWorkerStripPaths = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Withholds the host application's cookie {@code name} from every upstream (its session cookie, say,
         * when it is scoped to {@code Path=/} and so sent with tunnel requests too), and drops an upstream's
         * {@code Set-Cookie} of that name. The match ignores case and covers the name's family: {@code name_*}, and
         * the {@code __Host-} and {@code __Secure-} prefixed forms.
         */
        public Builder withholdCookie(String name) {
            Objects.requireNonNull(name, "withholdCookie");
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("withholdCookie must be a cookie name (RFC 6265 token), got '"
                        + name + "'");
            }
            withheldCookies.add(name);
            return this;
        }

        /** Sets which {@code Host} the upstream sees. */
        public Builder hostHeader(HostHeader value) {
            this.hostHeader = Objects.requireNonNull(value, "hostHeader");
            return this;
        }

        /** Sets what forwarding headers the upstream sees. */
        public Builder forwardedHeaders(ForwardedHeaders value) {
            this.forwardedHeaders = Objects.requireNonNull(value, "forwardedHeaders");
            return this;
        }

        /** Sets what happens to {@code Service-Worker-Allowed}. */
        public Builder serviceWorkerScope(ServiceWorkerScope value) {
            this.serviceWorkerScope = Objects.requireNonNull(value, "serviceWorkerScope");
            return this;
        }

        /** Sets which {@code Server} header the browser sees on tunnel responses. */
        public Builder serverHeader(ServerHeader value) {
            this.serverHeader = Objects.requireNonNull(value, "serverHeader");
            return this;
        }

        /**
         * Removes {@code Service-Worker-Allowed} from responses whose upstream path ends with {@code pathSuffix}
         * (local mode strips it from code-server's {@code /out/browser/serviceWorker.js} so the PWA worker
         * cannot claim {@code /}).
         */
        public Builder stripServiceWorkerAllowedFor(String pathSuffix) {
            Objects.requireNonNull(pathSuffix, "stripServiceWorkerAllowedFor");
            if (!pathSuffix.startsWith("/")) {
                throw new IllegalArgumentException("stripServiceWorkerAllowedFor must start with '/', got '"
                        + pathSuffix + "'");
            }
            serviceWorkerStripPaths.add(pathSuffix);
            return this;
        }

        /** Builds the immutable policy. */
        public HeaderPolicy build() {
            return new HeaderPolicy(this);
        }
    }
}

package dev.devproxy;

import dev.devproxy.internal.routing.HostPattern;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the browser finds each workspace: on an origin of its own ({@link #hosts}), or under a path of the
 * application's own origin ({@link #sharedOrigin}). There is no default: the choice decides what a workspace's
 * content can reach, so {@link DevProxy.Builder#build()} asks for it.
 *
 * <p><b>One origin per workspace</b> (recommended):
 * <pre>{@code
 * DevProxy.builder().routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))
 * }</pre>
 * Workspace {@code ws1} is served at the root of {@code https://ws1.ide.example-ide.net/}. Its pages cannot read
 * the application's responses, its cookies or another workspace's, because the browser's same-origin policy keeps
 * origins apart. The token endpoint stays on the application's host; the bootstrap lands on the workspace's host.
 *
 * <p><b>Shared origin</b>: {@code /__ide/{id}/} on the application's own origin. A workspace's page then runs
 * with the application's authority: its scripts can call the application's API as the signed-in user and reach
 * every other workspace that user has open. Choose it only where every workspace's content is as trusted as the
 * application itself, or where wildcard DNS is impossible.
 *
 * <p>Immutable and thread-safe.
 */
public final class Routing {
    /** The default prefix of {@link #sharedOrigin()}. */
    public static final String DEFAULT_TUNNEL_PREFIX = "/__ide";
    /** The default path on a workspace's host that devproxy keeps for itself. */
    public static final String DEFAULT_RESERVED_PREFIX = "/__devproxy";

    private final String tunnelPrefix;
    private final HostPattern hostPattern;
    private final String applicationHost;
    private final String reservedPrefix;

    private Routing(String tunnelPrefix, HostPattern hostPattern, String applicationHost, String reservedPrefix) {
        this.tunnelPrefix = tunnelPrefix;
        this.hostPattern = hostPattern;
        this.applicationHost = applicationHost;
        this.reservedPrefix = reservedPrefix;
    }

    /**
     * Serves each workspace at the root of its own origin.
     *
     * <p>{@code workspaceHostPattern} is a host name with exactly one {@code {id}} in its first label, optionally
     * followed by {@code :port}: {@code {id}.ide.example.com} (a wildcard DNS record and certificate for
     * {@code *.ide.example.com}), or {@code {id}--ide.example.com} when the certificate covers one level only. In
     * this mode a workspace id must be a DNS label: 1 to 63 characters of {@code a-z 0-9 -}, not starting or
     * ending with {@code -}; a host whose label is anything else is never routed (404).
     *
     * <p>{@code applicationHost} is the application's own host name ({@code app.example.com}, optionally with
     * {@code :port} or a scheme): the launch, started on the workspace's host, passes through it once to prove
     * the browser is the one the token was issued to. Without a scheme or port, the workspace request's are used.
     *
     * @throws IllegalArgumentException if the pattern or host is malformed; the message says why
     */
    public static Routing hosts(String workspaceHostPattern, String applicationHost) {
        HostPattern pattern = HostPattern.parse(Objects.requireNonNull(workspaceHostPattern, "workspaceHostPattern"));
        String application = HostPattern.applicationHost(Objects.requireNonNull(applicationHost, "applicationHost"));
        if (pattern.matches(HostPattern.hostOnly(application))) {
            throw new IllegalArgumentException("applicationHost '" + applicationHost
                    + "' must not match the workspace host pattern '" + workspaceHostPattern + "'");
        }
        return new Routing(null, pattern, application, DEFAULT_RESERVED_PREFIX);
    }

    /**
     * Serves every workspace under {@code /__ide/{id}/} of the application's own origin. Read the class
     * documentation first: workspace content then runs with the application's authority.
     */
    public static Routing sharedOrigin() {
        return sharedOrigin(DEFAULT_TUNNEL_PREFIX);
    }

    /**
     * Serves every workspace under {@code <tunnelPrefix>/{id}/} of the application's own origin, e.g.
     * {@code /__ide}: one or more path segments, no trailing slash. Read the class documentation first.
     *
     * @throws IllegalArgumentException if {@code tunnelPrefix} is not a plain path
     */
    public static Routing sharedOrigin(String tunnelPrefix) {
        return new Routing(Settings.prefix("tunnelPrefix", tunnelPrefix), null, null, null);
    }

    /**
     * Also serves {@code <tunnelPrefix>/{id}/} on the application's origin, for a migration from shared-origin
     * links: both layouts work until the old one is switched off. The shared-origin path carries its risk (see
     * {@link #sharedOrigin()}).
     *
     * @throws IllegalStateException if this routing has no workspace hosts
     */
    public Routing alsoSharedOrigin(String tunnelPrefix) {
        if (hostPattern == null) {
            throw new IllegalStateException("alsoSharedOrigin(...) adds paths to host routing; this routing is "
                    + this);
        }
        return new Routing(Settings.prefix("tunnelPrefix", tunnelPrefix), hostPattern, applicationHost, reservedPrefix);
    }

    /**
     * Sets the path devproxy keeps for itself on every workspace host (default {@value #DEFAULT_RESERVED_PREFIX}):
     * its launch and session routes live there and requests under it never reach the workspace. Choose one the
     * workspace's apps do not use.
     *
     * @throws IllegalStateException if this routing has no workspace hosts
     */
    public Routing reservedPrefix(String prefix) {
        if (hostPattern == null) {
            throw new IllegalStateException("reservedPrefix(...) applies to host routing; this routing is " + this);
        }
        return new Routing(tunnelPrefix, hostPattern, applicationHost, Settings.prefix("reservedPrefix", prefix));
    }

    /** Whether workspaces are served on hosts of their own. */
    public boolean servesHosts() {
        return hostPattern != null;
    }

    /** Whether workspaces are served under a path of the application's origin. */
    public boolean servesPaths() {
        return tunnelPrefix != null;
    }

    /** The tunnel prefix on the application's origin, if {@link #servesPaths()}. */
    public Optional<String> tunnelPrefix() {
        return Optional.ofNullable(tunnelPrefix);
    }

    /** The workspace host pattern, e.g. {@code {id}.ide.example.com}, if {@link #servesHosts()}. */
    public Optional<String> workspaceHostPattern() {
        return Optional.ofNullable(hostPattern).map(HostPattern::toString);
    }

    /** The application's host, if {@link #servesHosts()}. */
    public Optional<String> applicationHost() {
        return Optional.ofNullable(applicationHost);
    }

    /** The path kept for devproxy on each workspace host, if {@link #servesHosts()}. */
    public Optional<String> reservedPrefix() {
        return Optional.ofNullable(reservedPrefix);
    }

    @Override
    public String toString() {
        if (hostPattern == null) {
            return "Routing.sharedOrigin(" + tunnelPrefix + ")";
        }
        return "Routing.hosts(" + hostPattern + ", " + applicationHost + ")"
                + (tunnelPrefix == null ? "" : ".alsoSharedOrigin(" + tunnelPrefix + ")");
    }
}

package dev.devproxy.examples.demo;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.demo.portal.PortalApiServlet;
import dev.devproxy.examples.demo.portal.PortalLaunchAuthorizer;
import dev.devproxy.examples.demo.portal.PortalPagesServlet;
import dev.devproxy.examples.demo.portal.PortalSessions;
import dev.devproxy.examples.demo.workspaces.BuiltInWorkspaces;
import dev.devproxy.examples.samples.InMemoryWorkspaceRegistry;
import dev.devproxy.token.JwtTokens;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running demo: the workspaces, the portal (the "host application") and devproxy, in one servlet
 * container on 127.0.0.1. The portal is {@code http://localhost:PORT/}; with host routing (the default) each
 * workspace is the root of an origin of its own, {@code http://ID.localhost:PORT/}, which browsers resolve to
 * loopback without any DNS set-up. This class is the wiring an integrator writes once; the portal and the
 * workspaces are stand-ins for theirs.
 */
public final class DemoApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("demo");
    /** Who owns the demo's workspaces: the person running it, who shares them with everyone signing in. */
    static final String OPERATOR = "demo-operator";

    private final AutoCloseable builtIns;
    private final List<DemoWorkspace> workspaces;
    private final DevProxy proxy;
    private final HostContainer.RunningServer server;
    private final DemoOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private DemoApp(AutoCloseable builtIns, List<DemoWorkspace> workspaces, DevProxy proxy,
            HostContainer.RunningServer server, DemoOptions options) {
        this.builtIns = builtIns;
        this.workspaces = workspaces;
        this.proxy = proxy;
        this.server = server;
        this.options = options;
    }

    /**
     * Starts the workspaces (the built-in ones unless {@code options} names others), then the portal and
     * devproxy in {@code container}.
     *
     * @throws Exception if a server cannot start; whatever did start is stopped again
     */
    public static DemoApp start(DemoOptions options, HostContainer container) throws Exception {
        return start(options, container, List.of());
    }

    /**
     * Like {@link #start(DemoOptions, HostContainer)}, with {@code alongside} listed after the workspaces
     * {@code options} chooses (a test's own, such as a workspace serving an attack page).
     */
    static DemoApp start(DemoOptions options, HostContainer container, List<DemoWorkspace> alongside)
            throws Exception {
        AutoCloseable builtIns = () -> { };
        List<DemoWorkspace> workspaces = new ArrayList<>(options.workspaces());
        if (workspaces.isEmpty()) {
            BuiltInWorkspaces started = BuiltInWorkspaces.start(options.routing() == DemoOptions.RoutingChoice.HOSTS
                    ? "/" : Routing.DEFAULT_TUNNEL_PREFIX + "/terminal");
            builtIns = started;
            workspaces.addAll(started.workspaces());
        }
        workspaces.addAll(alongside);
        try {
            // The demo's workspaces belong to its operator and are shared with every name that signs in (the
            // portal grants them); an application registers each with its owner and shares it on request.
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            workspaces.forEach(workspace -> registry.register(workspace.id(), OPERATOR, workspace.target()));
            PortalSessions sessions = new PortalSessions();

            DevProxy proxy = DevProxy.builder()
                    .routing(routing(options))
                    .resolver(registry)
                    .tokens(JwtTokens.hmac(randomSecret()))
                    .launchAuthorizer(new PortalLaunchAuthorizer(sessions, registry))
                    // The demo serves plain HTTP on 127.0.0.1, where a Secure cookie would never come back.
                    // Behind a real domain, serve HTTPS and keep the default (Secure).
                    .cookie(CookieSettings.builder().insecureForDevelopment().build())
                    // Ctrl-C should close open tabs' sockets (1001) at once rather than wait for them.
                    .webSocket(WebSocketSettings.builder().shutdownDrain(Duration.ZERO).build())
                    .listener(new DemoEventLog())
                    .build();

            Map<String, HttpServlet> servlets = new LinkedHashMap<>();
            PortalApiServlet api = new PortalApiServlet(sessions, registry, workspaces, proxy,
                    options::workspaceUrl);
            servlets.put("/api/*", api);
            servlets.put("/", new PortalPagesServlet(options.domain(), options.routing()));
            HostContainer.RunningServer server;
            try {
                server = container.start(servlets, proxy, options.port());
            } catch (Exception e) {
                proxy.close();
                throw e;
            }
            return new DemoApp(builtIns, List.copyOf(workspaces), proxy, server, options);
        } catch (Exception e) {
            builtIns.close();
            throw e;
        }
    }

    /**
     * Host routing: the portal on {@code localhost} (or {@code --domain}), workspace {@code ID} on {@code ID.localhost}.
     * No port in either: devproxy takes the request's, so {@code --port 0} works.
     */
    private static Routing routing(DemoOptions options) {
        return options.routing() == DemoOptions.RoutingChoice.HOSTS
                ? Routing.hosts("{id}." + options.domain(), options.domain())
                : Routing.sharedOrigin();
    }

    /** The portal's address, {@code http://localhost:<port>/}. */
    public URI url() {
        return URI.create("http://" + options.domain() + ":" + server.port() + "/");
    }

    /** Where the browser finds {@code workspace}: {@code http://ID.localhost:<port>/}, or under the portal's path. */
    public URI workspaceUrl(WorkspaceId workspace) {
        return options.workspaceUrl(workspace, server.port());
    }

    /** The workspaces the portal lists. */
    public List<DemoWorkspace> workspaces() {
        return workspaces;
    }

    /** The proxy, e.g. to count its live sockets. */
    public DevProxy proxy() {
        return proxy;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops everything: devproxy first, so live sockets close with 1001 ("going away") rather than drop,
     * then the portal's container, then the workspaces. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            proxy.close();
            stopQuietly("portal", server);
            stopQuietly("workspaces", builtIns);
        } finally {
            stopped.countDown();
        }
    }

    private static void stopQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("stopping the {} failed", what, e);
        }
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}

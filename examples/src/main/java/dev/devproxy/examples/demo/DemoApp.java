package dev.devproxy.examples.demo;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.WebSocketSettings;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running demo: the workspaces, the portal (the "host application") and devproxy, in one servlet
 * container on 127.0.0.1. This class is the wiring an integrator writes once; the portal and the
 * workspaces are stand-ins for theirs.
 */
public final class DemoApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("demo");

    private final AutoCloseable builtIns;
    private final List<DemoWorkspace> workspaces;
    private final DevProxy proxy;
    private final HostContainer.RunningServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private DemoApp(AutoCloseable builtIns, List<DemoWorkspace> workspaces, DevProxy proxy,
            HostContainer.RunningServer server) {
        this.builtIns = builtIns;
        this.workspaces = workspaces;
        this.proxy = proxy;
        this.server = server;
    }

    /**
     * Starts the workspaces (the built-in ones unless {@code options} names others), then the portal and
     * devproxy in {@code container}.
     *
     * @throws Exception if a server cannot start; whatever did start is stopped again
     */
    public static DemoApp start(DemoOptions options, HostContainer container) throws Exception {
        AutoCloseable builtIns = () -> { };
        List<DemoWorkspace> workspaces = options.workspaces();
        if (workspaces.isEmpty()) {
            BuiltInWorkspaces started = BuiltInWorkspaces.start();
            builtIns = started;
            workspaces = started.workspaces();
        }
        try {
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            workspaces.forEach(workspace -> registry.register(workspace.id(), workspace.target()));
            PortalSessions sessions = new PortalSessions();

            DevProxy proxy = DevProxy.builder()
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
            servlets.put("/api/*", new PortalApiServlet(sessions, workspaces, proxy));
            servlets.put("/", new PortalPagesServlet());
            HostContainer.RunningServer server;
            try {
                server = container.start(servlets, proxy, options.port());
            } catch (Exception e) {
                proxy.close();
                throw e;
            }
            return new DemoApp(builtIns, workspaces, proxy, server);
        } catch (Exception e) {
            builtIns.close();
            throw e;
        }
    }

    /** The portal's address, {@code http://127.0.0.1:<port>/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
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

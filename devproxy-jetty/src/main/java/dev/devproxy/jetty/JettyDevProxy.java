package dev.devproxy.jetty;

import dev.devproxy.DevProxy;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Installs a {@link DevProxy} into an existing Jetty 12 (ee10) application.
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addServlet(MyApiServlet.class, "/api/*");        // the application's own routes stay as they are
 * JettyDevProxy.install(context, proxy);                    // adds /api/dev/{id}/ide..., /__ide/{id}/...
 * server.setHandler(context);
 * server.start();
 * }</pre>
 *
 * <p>What it registers: with {@link dev.devproxy.Routing#hosts host routing}, the workspace-host filter first in
 * the chain on {@code /*} (requests to a workspace's own host never reach the application; every other request
 * passes through untouched); the bootstrap filter on {@code <bootstrapPrefix>/*} (requests it does not own pass
 * on to the application); with shared-origin routing, the tunnel servlet on {@code <tunnelPrefix>/*}; all with
 * async support; and
 * the Jakarta WebSocket container the tunnel upgrades through. When the last context the proxy is installed in
 * stops, the proxy is closed: live sockets get 1001 and the upstream clients stop.
 *
 * <p>WebSockets: after the handshake devproxy relays the browser's socket as bytes, on its own relay loop for a
 * plain socket and through Jetty's I/O for TLS. If the Jetty on the classpath lacks what that needs (checked when
 * the proxy is installed), one WARN says what, and WebSockets go through Jetty's own WebSocket server instead.
 */
public final class JettyDevProxy {
    private JettyDevProxy() {
    }

    /**
     * Adds {@code proxy}'s routes to {@code context}. Call it before the context starts; the context's
     * own servlets and filters keep working. Several proxies with different prefixes may share one context, and one
     * proxy may be installed in several contexts: it is closed when the last of them stops.
     *
     * @throws IllegalStateException if the context is already started
     */
    public static void install(ServletContextHandler context, DevProxy proxy) {
        new Ee10Installation(Objects.requireNonNull(context, "context")).install(proxy);
    }
}

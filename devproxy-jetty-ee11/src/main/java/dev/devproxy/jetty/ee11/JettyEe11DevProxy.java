package dev.devproxy.jetty.ee11;

import dev.devproxy.DevProxy;
import java.util.Objects;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;

/**
 * Installs a {@link DevProxy} into an existing Jetty 12.1 ee11 (Servlet 6.1) application: the same registrations
 * as {@code dev.devproxy.jetty.JettyDevProxy} makes on ee10, from the same code ({@code JettyInstallation}), on ee11's
 * types.
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler("/");   // org.eclipse.jetty.ee11.servlet
 * JettyEe11DevProxy.install(context, proxy);
 * }</pre>
 */
public final class JettyEe11DevProxy {
    private JettyEe11DevProxy() {
    }

    /**
     * Adds {@code proxy}'s routes to {@code context} before it starts, as {@code JettyDevProxy.install} does for
     * ee10: the workspace-host filter first on {@code /*} (host routing), the bootstrap filter on
     * {@code <bootstrapPrefix>/*}, the tunnel servlet on {@code <tunnelPrefix>/*} (shared-origin routing), all async,
     * the Jakarta WebSocket container, and closing the proxy when the last context it is installed in stops.
     *
     * @throws IllegalStateException if the context is already started
     */
    public static void install(ServletContextHandler context, DevProxy proxy) {
        new Ee11Installation(Objects.requireNonNull(context, "context")).install(proxy);
    }
}

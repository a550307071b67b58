package dev.devproxy.jetty;

import dev.devproxy.DevProxy;
import dev.devproxy.internal.ws.JettyConnectionUpgrade;
import dev.devproxy.internal.ws.JettyCore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;

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
 * the Jakarta WebSocket container the tunnel upgrades through. When the context stops, the proxy is
 * closed: live sockets get 1001 and the upstream clients stop.
 */
public final class JettyDevProxy {
    private JettyDevProxy() {
    }

    /**
     * Adds {@code proxy}'s routes to {@code context}. Call it before the context starts; the context's
     * own servlets and filters keep working. Several proxies with different prefixes may share one context.
     *
     * @throws IllegalStateException if the context is already started
     */
    public static void install(ServletContextHandler context, DevProxy proxy) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(proxy, "proxy");
        if (!context.isStopped()) {
            throw new IllegalStateException("install devproxy before the ServletContextHandler starts");
        }
        // Creates the Jakarta ServerContainer at start-up (idempotent if the application also uses Jakarta
        // WebSocket). devproxy never registers endpoints in it: it upgrades from its own servlet.
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        // Lets the byte relay take over the browser's connection through Jetty's core API (see JettyCore).
        context.setAttribute(JettyCore.ATTRIBUTE, new JettyConnectionUpgrade() {
            @Override
            protected org.eclipse.jetty.server.Request coreRequest(HttpServletRequest request) {
                return ServletContextRequest.getServletContextRequest(request);
            }

            @Override
            protected org.eclipse.jetty.server.Response coreResponse(HttpServletRequest request) {
                return ServletContextRequest.getServletContextRequest(request).getServletContextResponse();
            }
        });

        String name = proxy.registrationName();
        if (proxy.servesWorkspaceHosts()) {
            // First in the chain, so that on a workspace's host no filter or route of the application ever runs.
            FilterHolder hosts = new FilterHolder(proxy.workspaceHostFilter());
            hosts.setName(name + "-hosts");
            hosts.setAsyncSupported(true);
            ServletHandler handler = context.getServletHandler();
            handler.prependFilter(hosts);
            FilterMapping everything = new FilterMapping();
            everything.setFilterName(hosts.getName());
            everything.setPathSpec("/*");
            everything.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
            handler.prependFilterMapping(everything);
            // Jetty's Jakarta WebSocket container prepends its own upgrade filter while the context starts, for the
            // application's endpoints; on a workspace host it must not run before ours either.
            context.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarted(LifeCycle started) {
                    keepFirst(handler, everything);
                }
            });
        }
        FilterHolder bootstrap = new FilterHolder(proxy.bootstrapFilter());
        bootstrap.setName(name + "-bootstrap");
        bootstrap.setAsyncSupported(true);
        context.addFilter(bootstrap, proxy.bootstrapPrefix() + "/*", EnumSet.of(DispatcherType.REQUEST));
        proxy.tunnelServletMapping().ifPresent(mapping -> {
            ServletHolder tunnel = new ServletHolder(proxy.tunnelServlet());
            tunnel.setName(name + "-tunnel");
            tunnel.setAsyncSupported(true);
            tunnel.setInitOrder(0);
            context.addServlet(tunnel, mapping);
        });
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                proxy.close();
            }
        });
    }

    private static void keepFirst(ServletHandler handler, FilterMapping mapping) {
        List<FilterMapping> mappings = new ArrayList<>(List.of(handler.getFilterMappings()));
        if (mappings.get(0) != mapping) {
            mappings.remove(mapping);
            mappings.add(0, mapping);
            handler.setFilterMappings(mappings.toArray(new FilterMapping[0]));
        }
    }
}

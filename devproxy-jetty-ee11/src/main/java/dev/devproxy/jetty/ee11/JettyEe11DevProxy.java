package dev.devproxy.jetty.ee11;

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
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.FilterMapping;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.servlet.ServletHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Installs a {@link DevProxy} into an existing Jetty 12.1 ee11 (Servlet 6.1) application. The ee11
 * twin of {@code dev.devproxy.jetty.JettyDevProxy}: the same registrations on ee11's types.
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
     * Adds {@code proxy}'s routes to {@code context} before it starts: the workspace-host filter first on
     * {@code /*} (host routing), the bootstrap filter on {@code <bootstrapPrefix>/*}, the tunnel servlet on
     * {@code <tunnelPrefix>/*} (shared-origin routing), all async, the Jakarta
     * WebSocket container, and closing the proxy when the context stops.
     *
     * @throws IllegalStateException if the context is already started
     */
    public static void install(ServletContextHandler context, DevProxy proxy) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(proxy, "proxy");
        if (!context.isStopped()) {
            throw new IllegalStateException("install devproxy before the ServletContextHandler starts");
        }
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

package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.adapter.Installations;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Registers one {@link DevProxy}'s filter, servlet and shutdown hook through the standard Servlet API.
 * Shared by {@link TomcatDevProxy} (embedded Tomcat) and {@link DevProxyInitializer} (a WAR). Call it
 * only from {@code ServletContainerInitializer.onStartup}: that is the one place where a
 * {@code ServletContextListener} may still be added.
 */
final class Registration {
    /** The servlet-context attribute under which Jakarta WebSocket containers publish themselves. */
    static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    private Registration() {
    }

    /**
     * Registers {@code proxy} in {@code servletContext}, with {@code adapter} (the result of the install-time probe,
     * {@code TomcatAdapter.probe}) taking relayed WebSockets' sockets over; without one, WebSockets are relayed
     * through Tomcat's own WebSocket server.
     */
    static void register(ServletContext servletContext, DevProxy proxy, Optional<ContainerAdapter> adapter) {
        String name = proxy.registrationName();
        if (proxy.servesWorkspaceHosts()) {
            FilterRegistration.Dynamic hosts = servletContext.addFilter(name + "-hosts", proxy.workspaceHostFilter());
            if (hosts == null) {
                throw new IllegalStateException("a filter named " + name + "-hosts is already registered: two"
                        + " devproxy instances in one context need different bootstrap prefixes");
            }
            hosts.setAsyncSupported(true);
            // Before every filter of the application (isMatchAfter false): on a workspace's own host no filter or
            // route of the application ever runs.
            hosts.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        }
        FilterRegistration.Dynamic bootstrap = servletContext.addFilter(name + "-bootstrap", proxy.bootstrapFilter());
        if (bootstrap == null) {
            throw new IllegalStateException("a filter named " + name + "-bootstrap is already registered: two"
                    + " devproxy instances in one context need different bootstrap prefixes");
        }
        // Proxied requests go async: every filter they pass through must allow it.
        bootstrap.setAsyncSupported(true);
        // After the application's own filters, so its security filters still see the bootstrap routes.
        bootstrap.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, proxy.bootstrapPrefix() + "/*");

        if (proxy.tunnelServletMapping().isPresent()) {
            String mapping = proxy.tunnelServletMapping().get();
            ServletRegistration.Dynamic tunnel = servletContext.addServlet(name + "-tunnel", proxy.tunnelServlet());
            if (tunnel == null) {
                throw new IllegalStateException("a servlet named " + name + "-tunnel is already registered: two"
                        + " devproxy instances in one context need different bootstrap prefixes");
            }
            tunnel.setAsyncSupported(true);
            // Started with the context, so its upstream HTTP client is ready before the first request.
            tunnel.setLoadOnStartup(0);
            Set<String> taken = tunnel.addMapping(mapping);
            if (!taken.isEmpty()) {
                throw new IllegalStateException("the tunnel path " + mapping + " is already mapped to another servlet;"
                        + " choose another with Routing.sharedOrigin(prefix)");
            }
        }

        // WebSockets relayed as bytes take the browser's socket over through Tomcat's own upgrade interface, which
        // holds no thread while a socket is slow (the Servlet API's upgraded streams block on writes), and hand a
        // plain NIO socket over to devproxy's relay loop unless the application said not to.
        adapter.ifPresent(found -> ContainerAdapter.publish(servletContext, found));

        Runnable stopped = Installations.installedIn(proxy);
        servletContext.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                stopped.run();
            }
        });
    }
}

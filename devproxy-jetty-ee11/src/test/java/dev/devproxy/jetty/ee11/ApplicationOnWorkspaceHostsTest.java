package dev.devproxy.jetty.ee11;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.conformance.ApplicationIsolation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApplicationIsolation} on Jetty, whose Jakarta WebSocket container answers the application's endpoints from
 * an upgrade filter it prepends while the context starts (the adapter keeps the workspace-host filter before it).
 */
class ApplicationOnWorkspaceHostsTest {
    private final ConformanceContext c = new ConformanceContext(ApplicationOnWorkspaceHostsTest::start)
            .configure(b -> b.routing(ConformanceContext.HOSTS));

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void theApplicationsFiltersRoutesAndSocketsNeverRunOnAWorkspaceHost() throws Exception {
        ApplicationIsolation.assertTheApplicationNeverRunsOnWorkspaceHosts(c);
    }

    private static ProxyServer.Running start(DevProxy proxy) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        Filter marking = (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Application-Filter", "ran");
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(marking), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(JettyEe11ConformanceTest.text("host app")), "/app/hello");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(ApplicationSocket.class, "/app/socket").build()));
        JettyEe11DevProxy.install(context, proxy);
        server.setHandler(context);
        server.start();
        return ProxyServer.Running.of(URI.create("http://127.0.0.1:" + connector.getLocalPort()), server::stop);
    }

    /** The application's own WebSocket endpoint. */
    public static final class ApplicationSocket extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }
}

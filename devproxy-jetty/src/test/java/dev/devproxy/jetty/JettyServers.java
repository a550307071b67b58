package dev.devproxy.jetty;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ProxyServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Starts an embedded Jetty 12 ee10 "host application" with devproxy installed, for the conformance suite. */
final class JettyServers {
    private JettyServers() {
    }

    static ProxyServer.Running start(DevProxy... proxies) throws Exception {
        return start(null, proxies);
    }

    /**
     * As {@link #start}, as if the install-time probe had found {@code problem} missing from Jetty: no container
     * adapter, so WebSockets are relayed through Jetty's own WebSocket server.
     */
    static ProxyServer.Running startWithoutAdapter(String problem, DevProxy... proxies) throws Exception {
        return start(problem, proxies);
    }

    private static ProxyServer.Running start(String probeProblem, DevProxy... proxies) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(text("host app")), "/app/hello");
        context.addServlet(new ServletHolder(text("host route")), "/api/dev/host-route");
        for (DevProxy proxy : proxies) {
            if (probeProblem == null) {
                JettyDevProxy.install(context, proxy);
            } else {
                new Ee10Installation(context) {
                    @Override
                    protected Optional<String> probeProblem() {
                        return Optional.of(probeProblem);
                    }
                }.install(proxy);
            }
        }
        server.setHandler(context);
        server.start();
        return new ProxyServer.Running() {
            @Override
            public URI uri() {
                return URI.create("http://127.0.0.1:" + connector.getLocalPort());
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    static HttpServlet text(String body) {
        return new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain");
                response.getWriter().print(body);
            }
        };
    }
}

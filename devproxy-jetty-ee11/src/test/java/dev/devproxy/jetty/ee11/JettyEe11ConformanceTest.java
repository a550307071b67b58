package dev.devproxy.jetty.ee11;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.DevProxyConformance;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The whole conformance suite on embedded Jetty 12.1 ee11 (Servlet 6.1, WebSocket 2.2). */
class JettyEe11ConformanceTest implements DevProxyConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(JettyEe11ConformanceTest::start);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    static ProxyServer.Running start(DevProxy proxy) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler app = new ServletContextHandler("/");
        app.addServlet(new ServletHolder(text("host app")), "/app/hello");
        app.addServlet(new ServletHolder(text("host route")), "/api/dev/host-route");
        JettyEe11DevProxy.install(app, proxy);
        server.setHandler(app);
        server.start();
        return ProxyServer.Running.of(URI.create("http://127.0.0.1:" + connector.getLocalPort()), server::stop);
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

package dev.devproxy.jetty;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SelfSignedCertificate;
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
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Starts an embedded Jetty 12 ee10 "host application" with devproxy installed, for the conformance suite. */
final class JettyServers {
    private JettyServers() {
    }

    static ProxyServer.Running start(DevProxy... proxies) throws Exception {
        return start(null, null, proxies);
    }

    /**
     * As {@link #start}, as if the install-time probe had found {@code problem} missing from Jetty: no container
     * adapter, so WebSockets are relayed through Jetty's own WebSocket server.
     */
    static ProxyServer.Running startWithoutAdapter(String problem, DevProxy... proxies) throws Exception {
        return start(null, problem, proxies);
    }

    /** As {@link #start}, on a TLS connector presenting {@code certificate}: {@code https://127.0.0.1:<port>}. */
    static ProxyServer.Running startTls(SelfSignedCertificate certificate, DevProxy... proxies) throws Exception {
        return start(certificate, null, proxies);
    }

    private static ProxyServer.Running start(SelfSignedCertificate certificate, String probeProblem,
            DevProxy... proxies) throws Exception {
        Server server = new Server();
        ServerConnector connector;
        if (certificate == null) {
            connector = new ServerConnector(server);
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(certificate.keystore().toString());
            tls.setKeyStorePassword(certificate.password());
            tls.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, tls);
        }
        String scheme = certificate == null ? "http" : "https";
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
        return ProxyServer.Running.of(URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort()), server::stop);
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

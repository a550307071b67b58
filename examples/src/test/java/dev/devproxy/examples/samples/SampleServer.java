package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.JettyDevProxy;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty on 127.0.0.1, port 0, with one application servlet and a devproxy installed. Its port is known before it
 * starts ({@link #open()}, then {@link #serve}), for proxies whose routing names another server's port.
 */
final class SampleServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private SampleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** A server listening on a free port, not yet serving anything: {@link #serve} installs and starts. */
    static SampleServer open() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        connector.open();
        return new SampleServer(server, connector);
    }

    /** Opens and starts a server with {@code servlet} (if not null) at {@code mapping} and {@code proxy}. */
    static SampleServer start(DevProxy proxy, String mapping, HttpServlet servlet) throws Exception {
        return open().serve(proxy, mapping, servlet);
    }

    /** Installs {@code servlet} (if not null) at {@code mapping} and {@code proxy}, and starts serving. */
    SampleServer serve(DevProxy proxy, String mapping, HttpServlet servlet) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        if (servlet != null) {
            context.addServlet(new ServletHolder(servlet), mapping);
        }
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        server.start();
        return this;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code path} on the application's host, {@code http://localhost:<port>}. */
    URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        connector.close();              // opened before start: stop() alone leaves it bound if start never ran
    }
}

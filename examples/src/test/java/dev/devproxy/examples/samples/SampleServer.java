package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.JettyDevProxy;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A Jetty on 127.0.0.1, port 0, with one application servlet and a devproxy installed. */
final class SampleServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private SampleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static SampleServer start(DevProxy proxy, String mapping, HttpServlet servlet) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (servlet != null) {
            context.addServlet(new ServletHolder(servlet), mapping);
        }
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        server.start();
        return new SampleServer(server, connector);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

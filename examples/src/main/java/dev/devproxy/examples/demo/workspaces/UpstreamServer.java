package dev.devproxy.examples.demo.workspaces;

import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A workspace's own server, standing in for a container: a separate Jetty on {@code 127.0.0.1} and a
 * free port, which the browser never reaches except through devproxy's tunnel.
 */
public final class UpstreamServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private UpstreamServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts {@code context} on 127.0.0.1 and a free port; {@code name} names its threads. */
    public static UpstreamServer start(String name, ServletContextHandler context) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("workspace-" + name);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return new UpstreamServer(server, connector);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

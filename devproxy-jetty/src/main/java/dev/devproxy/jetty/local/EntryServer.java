package dev.devproxy.jetty.local;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.jetty.JettyDevProxy;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running entry proxy: a Jetty server of its own on one loopback port, serving one workspace at its root. */
final class EntryServer {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.local");
    private final WorkspaceId workspace;
    private final Target target;
    private final DevProxy proxy;
    private final Server server;
    private final int port;

    private EntryServer(WorkspaceId workspace, Target target, DevProxy proxy, Server server, int port) {
        this.workspace = workspace;
        this.target = target;
        this.proxy = proxy;
        this.server = server;
        this.port = port;
    }

    /**
     * Starts an entry proxy on {@code 127.0.0.1:port}, on {@code threads}, a started pool the caller shares among
     * its entries.
     *
     * @throws IOException if the port cannot be bound (another process holds it)
     */
    static EntryServer start(WorkspaceId workspace, Target target, DevProxy proxy, int port, ThreadPool threads)
            throws IOException {
        Server server = new Server(threads);
        server.unmanage(threads); // shared by every entry: started and stopped by LocalEntryProxies
        server.setStopTimeout(2000);
        // No acceptor thread: the one selector accepts too, so an idle entry holds one thread of the shared pool.
        ServerConnector connector = new ServerConnector(server, 0, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder hostGuard = new FilterHolder(new LoopbackHostFilter(port));
        hostGuard.setAsyncSupported(true);
        context.addFilter(hostGuard, "/*", EnumSet.of(DispatcherType.REQUEST));
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("cannot start the entry proxy of workspace " + workspace, e);
        }
        return new EntryServer(workspace, target, proxy, server, port);
    }

    WorkspaceId workspace() {
        return workspace;
    }

    Target target() {
        return target;
    }

    DevProxy proxy() {
        return proxy;
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    boolean isRunning() {
        return server.isRunning();
    }

    LocalEntry entry() {
        return new LocalEntry(workspace, uri(), target, false);
    }

    /** Stops the server; its context's shutdown closes the proxy (live sockets get 1001). */
    void stop() {
        stopQuietly(server);
        proxy.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping an entry proxy failed: {}", e.toString());
        }
    }
}

package dev.devproxy.examples.demo;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.JettyDevProxy;
import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Runs the demo's host application on Jetty 12 (ee10), with devproxy installed by {@link JettyDevProxy}. */
public final class JettyHostContainer implements HostContainer {

    @Override
    public RunningServer start(Map<String, HttpServlet> servlets, DevProxy proxy, int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("portal");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        servlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new RunningServer() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }
}

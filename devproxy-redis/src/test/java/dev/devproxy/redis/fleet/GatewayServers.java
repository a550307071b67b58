package dev.devproxy.redis.fleet;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.JettyDevProxy;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.tomcat.TomcatDevProxy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A host application with devproxy installed, on Jetty 12 or on Tomcat 11, on 127.0.0.1: the gateway of each node
 * of the multi-node test, and the server of the Redis-backed conformance run. Besides devproxy it serves the routes
 * the conformance suite expects of a host application, and any {@code servlets} given (mapping to servlet).
 */
public final class GatewayServers {
    /** The servlet container a node runs. */
    public enum Container {
        JETTY, TOMCAT
    }

    private GatewayServers() {
    }

    /** Starts {@code container} on {@code port} (0: any free one) with {@code proxy} and {@code servlets}. */
    public static ProxyServer.Running start(Container container, int port, DevProxy proxy,
            Map<String, HttpServlet> servlets) throws Exception {
        Map<String, HttpServlet> all = new LinkedHashMap<>(servlets);
        all.put("/app/hello", text("host app"));
        all.put("/api/dev/host-route", text("host route"));
        return container == Container.JETTY ? jetty(port, proxy, all) : tomcat(port, proxy, all);
    }

    /** Jetty on a free port with the conformance suite's routes: a {@link ProxyServer}. */
    public static ProxyServer.Running jetty(DevProxy proxy) throws Exception {
        return start(Container.JETTY, 0, proxy, Map.of());
    }

    private static ProxyServer.Running jetty(int port, DevProxy proxy, Map<String, HttpServlet> servlets)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        servlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        server.start();
        return ProxyServer.Running.of(URI.create("http://127.0.0.1:" + connector.getLocalPort()), server::stop);
    }

    private static ProxyServer.Running tomcat(int port, DevProxy proxy, Map<String, HttpServlet> servlets)
            throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-redis-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        int index = 0;
        for (Map.Entry<String, HttpServlet> servlet : servlets.entrySet()) {
            String name = "app-" + index++;
            Tomcat.addServlet(context, name, servlet.getValue());
            context.addServletMapping(servlet.getKey(), name);
        }
        TomcatDevProxy.install(context, proxy);
        tomcat.start();
        return ProxyServer.Running.of(URI.create("http://127.0.0.1:" + connector.getLocalPort()), () -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } finally {
                try (Stream<Path> files = Files.walk(baseDir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        });
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

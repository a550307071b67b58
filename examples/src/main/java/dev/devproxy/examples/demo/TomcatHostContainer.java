package dev.devproxy.examples.demo;

import dev.devproxy.DevProxy;
import dev.devproxy.tomcat.TomcatDevProxy;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Runs the demo's host application on embedded Tomcat, with devproxy installed by {@link TomcatDevProxy}. */
public final class TomcatHostContainer implements HostContainer {
    // Tomcat logs its start-up through java.util.logging at INFO; the demo's console keeps to its own lines.
    private final Logger tomcatLog = Logger.getLogger("org.apache");

    @Override
    public RunningServer start(Map<String, HttpServlet> servlets, DevProxy proxy, int port) throws Exception {
        tomcatLog.setLevel(Level.WARNING);
        Path baseDir = Files.createTempDirectory("devproxy-demo-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        // Tomcat's default parent class loader is the system one. Under "mvn exec:java" (or any launcher with
        // a class loader of its own) that cannot see the application, and Jakarta WebSocket's ServiceLoader
        // lookups on request threads find nothing: "Cannot load platform configurator".
        context.setParentClassLoader(TomcatHostContainer.class.getClassLoader());
        int index = 0;
        for (Map.Entry<String, HttpServlet> servlet : servlets.entrySet()) {
            String name = "portal-" + index++;
            Tomcat.addServlet(context, name, servlet.getValue());
            context.addServletMapping(servlet.getKey(), name);
        }
        TomcatDevProxy.install(context, proxy);
        try {
            tomcat.start();
        } catch (Exception e) {
            stop(tomcat, baseDir);
            throw e;
        }
        return new RunningServer() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() throws Exception {
                stop(tomcat, baseDir);
            }
        };
    }

    private static void stop(Tomcat tomcat, Path baseDir) throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // A leftover temporary directory is harmless; the demo is stopping anyway.
            }
        }
    }
}

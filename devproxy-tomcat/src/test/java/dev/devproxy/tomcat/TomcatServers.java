package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SelfSignedCertificate;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Starts an embedded Tomcat "host application" with devproxy installed, for the conformance suite. The same
 * fixture runs on Tomcat 11 here and on Tomcat 10.1 in conformance-tomcat10, whichever is on the class path.
 */
public final class TomcatServers {
    private TomcatServers() {
    }

    /** How the byte relay's browser side runs on Tomcat. */
    public enum Wiring {
        /** The adapter's default: Tomcat's own upgrade, the socket then handed over to devproxy's relay loop. */
        HAND_OVER,
        /** Tomcat's own upgrade, the socket read and written through Tomcat's connector. */
        TOMCAT_IO,
        /**
         * No adapter, as when the install-time probe finds this Tomcat's classes changed: WebSockets are relayed
         * through Tomcat's own WebSocket server (the frame relay).
         */
        NO_ADAPTER,
        /**
         * The adapter's default on Tomcat's NIO2 connector ({@link Http11Nio2Protocol}), whose sockets devproxy's relay
         * loop cannot take over: the adapter falls back to Tomcat's own I/O, as for TLS.
         */
        NIO2
    }

    /** A started Tomcat: the server the suite talks to, and its connector. */
    public record Started(Tomcat tomcat, Connector connector, Path baseDir) implements ProxyServer.Running {
        @Override
        public URI uri() {
            return URI.create(connector.getScheme() + "://127.0.0.1:" + connector.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            try {
                tomcat.stop();
                tomcat.destroy();
            } finally {
                delete(baseDir);
            }
        }
    }

    /** Starts Tomcat on 127.0.0.1, port 0, root context, with the suite's two host routes and {@code proxies}. */
    public static ProxyServer.Running start(DevProxy... proxies) throws Exception {
        return start(Wiring.HAND_OVER, connector -> { }, proxies);
    }

    /** As {@link #start}, with every WebSocket's socket kept on Tomcat's connector ({@link Wiring#TOMCAT_IO}). */
    public static ProxyServer.Running startWithTomcatIo(DevProxy... proxies) throws Exception {
        return start(Wiring.TOMCAT_IO, connector -> { }, proxies);
    }

    /** As {@link #start}, as if the install-time probe had failed ({@link Wiring#NO_ADAPTER}). */
    public static ProxyServer.Running startWithoutAdapter(DevProxy... proxies) throws Exception {
        return start(Wiring.NO_ADAPTER, connector -> { }, proxies);
    }

    /** As {@link #start}, with the adapter the install-time {@code probe} gives. */
    static Started start(Supplier<Optional<ContainerAdapter>> probe, DevProxy proxy) throws Exception {
        return start(null, probe, connector -> { }, proxy);
    }

    /**
     * As {@link #start}, wired as {@code wiring}, with {@code connectorSettings} applied before Tomcat starts. Routes
     * are mapped as the adapter maps its own (see TomcatDevProxy), so that the conformance suite runs on every
     * Tomcat 10.1 and 11 of the version matrix.
     */
    public static Started start(Wiring wiring, Consumer<Connector> connectorSettings, DevProxy... proxies)
            throws Exception {
        return start(wiring, null, connectorSettings, proxies);
    }

    /** As {@link #start}, with {@code application} adding the test's own filters or servlets before the proxy. */
    public static Started startWith(Consumer<Context> application, DevProxy proxy) throws Exception {
        return start(Wiring.HAND_OVER, null, connector -> { }, application, proxy);
    }

    private static Started start(Wiring wiring, Supplier<Optional<ContainerAdapter>> probe,
            Consumer<Connector> connectorSettings, DevProxy... proxies) throws Exception {
        return start(wiring, probe, connectorSettings, context -> { }, proxies);
    }

    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    private static Started start(Wiring wiring, Supplier<Optional<ContainerAdapter>> probe,
            Consumer<Connector> connectorSettings, Consumer<Context> application, DevProxy... proxies)
            throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = wiring == Wiring.NIO2 ? new Connector(Http11Nio2Protocol.class.getName()) : new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connectorSettings.accept(connector);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "host-app", text("host app"));
        context.addServletMappingDecoded("/app/hello", "host-app", false);
        Tomcat.addServlet(context, "host-route", text("host route"));
        context.addServletMappingDecoded("/api/dev/host-route", "host-route", false);
        application.accept(context);
        for (DevProxy proxy : proxies) {
            if (probe != null) {
                TomcatDevProxy.install(context, proxy, probe);
                continue;
            }
            switch (wiring) {
                case HAND_OVER, NIO2 -> TomcatDevProxy.install(context, proxy);
                case TOMCAT_IO -> TomcatDevProxy.install(context, proxy, TomcatDevProxy.WebSocketIo.TOMCAT);
                case NO_ADAPTER -> TomcatDevProxy.install(context, proxy, Optional::empty);
            }
        }
        tomcat.start();
        return new Started(tomcat, connector, baseDir);
    }

    /** Connector settings for TLS with {@code certificate}: the connector then serves {@code https} only. */
    static Consumer<Connector> tls(SelfSignedCertificate certificate) {
        return connector -> {
            connector.setSecure(true);
            connector.setScheme("https");
            connector.setProperty("SSLEnabled", "true");
            SSLHostConfig host = new SSLHostConfig();
            SSLHostConfigCertificate key = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
            key.setCertificateKeystoreFile(certificate.keystore().toString());
            key.setCertificateKeystorePassword(certificate.password());
            key.setCertificateKeystoreType("PKCS12");
            host.addCertificate(key);
            connector.addSslHostConfig(host);
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

    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

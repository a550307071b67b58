package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WorkspaceId;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.RecordingListener;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * A WAR as a standalone Tomcat deploys it: the application ships a {@link DevProxyProvider} in
 * {@code WEB-INF/classes} and never calls devproxy; Tomcat discovers {@link DevProxyInitializer} and its own
 * WebSocket initializer through {@code META-INF/services}, as it does for any WAR.
 */
class WarDeploymentTest {

    @Test
    void aProviderInTheWebApplicationIsInstalledWhenItStartsAndClosedWhenItStops() throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-war");
        Tomcat tomcat = new Tomcat();
        WebSocketClient webSockets = new WebSocketClient();
        try (FakeUpstream upstream = FakeUpstream.start("war")) {
            Context context = deploy(tomcat, baseDir, upstream.uri());
            tomcat.start();
            URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
            String cookie = bootstrap(base);

            HttpResponse<String> small = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/__ide/ws/small")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(small.body()).isEqualTo("hello from war");

            webSockets.start();
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest(URI.create("ws://127.0.0.1:" + base.getPort()
                    + "/__ide/ws/ws/echo"));
            upgrade.setHeader("Origin", base.toString());
            upgrade.setHeader("Cookie", cookie);
            SocketProbe socket = new SocketProbe();
            webSockets.connect(socket, upgrade).get(10, TimeUnit.SECONDS);
            socket.send("through the war");
            assertThat(socket.nextText()).isEqualTo("through the war");

            RecordingListener events = (RecordingListener) context.getServletContext().getAttribute(WarProvider.EVENTS);
            tomcat.stop();
            assertThat(socket.awaitCloseCode()).isEqualTo(1001);
            Await.until(() -> events.of(SocketClosed.class).size() == 1, Duration.ofSeconds(10), "the relay to close");
            // Only DevProxy.close() stops the upstream WebSocket client and the keep-alive pinger.
            Await.until(() -> devproxyThreads().isEmpty(), Duration.ofSeconds(10),
                    "devproxy's threads to stop; still running: " + devproxyThreads());
        } finally {
            webSockets.stop();
            if (tomcat.getServer().getState().isAvailable()) {
                tomcat.stop();
            }
            tomcat.destroy();
            TomcatServers.delete(baseDir);
        }
    }

    /** A web application directory whose only class is {@link WarProvider}, deployed as Tomcat deploys a WAR. */
    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    private static Context deploy(Tomcat tomcat, Path baseDir, URI upstream) throws Exception {
        Path docBase = baseDir.resolve("webapps/ROOT");
        Path classes = Files.createDirectories(docBase.resolve("WEB-INF/classes/dev/devproxy/tomcat"));
        try (InputStream provider = WarProvider.class.getResourceAsStream("WarProvider.class")) {
            Files.copy(provider, classes.resolve("WarProvider.class"));
        }
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        // Tomcat's own defaults would add a JSP servlet, which is not on this class path: map the default
        // servlet the way a standalone Tomcat's conf/web.xml does, and nothing else.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", docBase.toString());
        // Only the application is scanned for DevProxyProvider classes, not the test class path's jars.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        // The test class path also holds the fake upstream's Jetty, whose initializers a standalone Tomcat
        // never sees (its lib/ has Tomcat's jars only).
        ((StandardContext) context).setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
        context.addParameter(WarProvider.UPSTREAM, upstream.toString());
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        return context;
    }

    private static List<String> devproxyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("devproxy-")).toList();
    }

    private static String bootstrap(URI base) throws Exception {
        String token = TestTokens.tokens().issue("bob", WorkspaceId.of("ws"), Duration.ofMinutes(1)).token();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/api/dev/ws/ide?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}

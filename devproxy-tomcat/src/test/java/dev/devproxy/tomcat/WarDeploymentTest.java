package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * A WAR as a standalone Tomcat deploys it: the application ships devproxy-tomcat, devproxy-api and their runtime
 * dependencies in {@code WEB-INF/lib} and a {@link DevProxyProvider} in {@code WEB-INF/classes}, and never calls
 * devproxy; Tomcat discovers {@link DevProxyInitializer} in devproxy-tomcat's jar and its own WebSocket initializer
 * through {@code META-INF/services}, as it does for any WAR, and the web application's class loader loads devproxy
 * from {@code WEB-INF/lib}, not from this test's class path.
 *
 * <p>The jars are those the build lists in the file named by the system property {@code devproxy.test.warLibraries}
 * (the adapter's runtime class path, without Tomcat's provided jars), and the adapter's own classes wherever this test
 * loaded them from; directories (a reactor build before packaging) are jarred here.
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

            assertThat(context.getServletContext().getAttribute(WarProvider.PROVIDER_LOADER))
                    .as("the provider's class loader").isEqualTo("org.apache.catalina.loader.ParallelWebappClassLoader");
            assertThat(String.valueOf(context.getServletContext().getAttribute(WarProvider.DEVPROXY_SOURCES)))
                    .as("where the web application's DevProxy and DevProxyProvider classes came from")
                    .matches(".*/WEB-INF/lib/devproxy-api[^ ]*\\.jar .*/WEB-INF/lib/devproxy-tomcat[^ ]*\\.jar");
            AtomicInteger socketsClosed = (AtomicInteger) context.getServletContext().getAttribute(WarProvider.SOCKETS_CLOSED);
            tomcat.stop();
            assertThat(socket.awaitCloseCode()).isEqualTo(1001);
            Await.until(() -> socketsClosed.get() == 1, Duration.ofSeconds(10), "the relay to close");
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

    /**
     * A web application directory with devproxy in {@code WEB-INF/lib} and {@link WarProvider} (and its listener) in
     * {@code WEB-INF/classes}, deployed as Tomcat deploys a WAR.
     */
    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    private static Context deploy(Tomcat tomcat, Path baseDir, URI upstream) throws Exception {
        Path docBase = baseDir.resolve("webapps/ROOT");
        Path classes = Files.createDirectories(docBase.resolve("WEB-INF/classes/dev/devproxy/tomcat"));
        for (String name : List.of("WarProvider.class", "WarProvider$1.class")) {
            try (InputStream provider = WarProvider.class.getResourceAsStream(name)) {
                Files.copy(provider, classes.resolve(name));
            }
        }
        Path lib = Files.createDirectories(docBase.resolve("WEB-INF/lib"));
        for (Path library : warLibraries()) {
            if (Files.isDirectory(library)) {
                jar(library, lib.resolve(moduleName(library) + ".jar"));
            } else {
                Files.copy(library, lib.resolve(library.getFileName()));
            }
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
        context.addParameter(WarProvider.SECRET, new String(TestTokens.SECRET, StandardCharsets.UTF_8));
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default", false);
        return context;
    }

    /** devproxy-tomcat (wherever this test loaded it from) and its runtime dependencies, as the build listed them. */
    private static List<Path> warLibraries() throws Exception {
        String listing = System.getProperty("devproxy.test.warLibraries");
        assertThat(listing).as("system property devproxy.test.warLibraries, set by the module's surefire").isNotNull();
        Set<Path> libraries = new LinkedHashSet<>();
        libraries.add(Path.of(DevProxyProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        for (String entry : Files.readString(Path.of(listing)).strip().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                libraries.add(Path.of(entry));
            }
        }
        assertThat(libraries).as("devproxy-api among the WAR's libraries")
                .anyMatch(path -> path.toString().contains("devproxy-api"));
        return new ArrayList<>(libraries);
    }

    /** {@code devproxy-api} for {@code .../devproxy-api/target/classes}: a module's name from its classes directory. */
    private static String moduleName(Path classesDirectory) {
        return classesDirectory.getParent().getParent().getFileName().toString();
    }

    private static void jar(Path directory, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file);
                Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                ZipEntry entry = new ZipEntry(directory.relativize(path).toString().replace('\\', '/'));
                entry.setLastModifiedTime(FileTime.fromMillis(0));
                zip.putNextEntry(entry);
                Files.copy(path, zip);
                zip.closeEntry();
            }
        }
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

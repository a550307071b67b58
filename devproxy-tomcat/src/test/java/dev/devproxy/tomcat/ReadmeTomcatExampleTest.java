package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.testkit.RawHttp;
import dev.devproxy.testkit.TestResponse;
import dev.devproxy.token.JwtTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/** The README's Tomcat snippet, compiled and run, so the README cannot drift from the API. */
class ReadmeTomcatExampleTest {

    // --- README snippet starts ---
    static Tomcat startServer(Map<String, URI> containers, byte[] secret, Path workDir) throws Exception {
        DevProxy proxy = DevProxy.builder()
                .routing(Routing.hosts("{id}.ide.example-ide.net",       // each workspace on an origin of its own
                        "app.example.com"))                              // the application's host
                .resolver((workspace, caller) ->                        // workspace id -> container
                        Optional.ofNullable(containers.get(workspace.value())).map(Target::strip))
                .tokens(JwtTokens.hmac(secret))                          // signed, single-use launch tokens
                .launchAuthorizer((request, workspace) ->               // your auth decides who may open what
                        request.getUserPrincipal() != null
                                ? LaunchDecision.allow(request.getUserPrincipal().getName())
                                : LaunchDecision.unauthenticated())
                .build();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        // Tomcat.addServlet(context, "api", new YourApiServlet());      // your routes stay as they are
        // context.addServletMapping("/api/*", "api");
        TomcatDevProxy.install(context, proxy);                         // + the workspace hosts, /api/dev/{id}/...
        tomcat.start();
        return tomcat;
    }
    // --- README snippet ends ---

    private static TestResponse send(int port, String method, String host, String path) throws Exception {
        return RawHttp.send(port, method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
    }

    @Test
    void theReadmeSnippetServesTheTunnelAndTheBootstrapRoutes() throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-readme");
        Tomcat tomcat = startServer(Map.of("ws-1", URI.create("http://127.0.0.1:9")),
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), baseDir);
        try {
            int port = tomcat.getConnector().getLocalPort();
            assertThat(send(port, "GET", "ws-1.ide.example-ide.net", "/").status()).isEqualTo(401);
            // No servlet of the application maps /api/dev/...: the bootstrap filter runs all the same.
            assertThat(send(port, "POST", "app.example.com", "/api/dev/ws-1/ide-token").status()).isEqualTo(401);
            assertThat(send(port, "GET", "app.example.com", "/api/dev/ws-1/ide").status())
                    .as("a launch starts on the workspace's host").isEqualTo(400);
            assertThat(send(port, "GET", "app.example.com", "/__ide/ws-1/").status()).isEqualTo(404);
            assertThat(send(port, "GET", "app.example.com", "/elsewhere").status()).isEqualTo(404);
        } finally {
            tomcat.stop();
            tomcat.destroy();
            TomcatServers.delete(baseDir);
        }
    }
}

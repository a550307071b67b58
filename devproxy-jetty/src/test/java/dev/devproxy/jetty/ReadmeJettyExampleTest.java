package dev.devproxy.jetty;

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
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The README's Jetty snippet, compiled and run, so the README cannot drift from the API. */
class ReadmeJettyExampleTest {

    // --- README snippet starts ---
    static Server startServer(Map<String, URI> containers, byte[] secret) throws Exception {
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

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        // context.addServlet(YourApiServlet.class, "/api/*");           // your routes stay as they are
        JettyDevProxy.install(context, proxy);                          // + the workspace hosts, /api/dev/{id}/...
        server.setHandler(context);
        server.start();
        return server;
    }
    // --- README snippet ends ---

    private static TestResponse send(int port, String method, String host, String path) throws Exception {
        return RawHttp.send(port, method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
    }

    @Test
    void theReadmeSnippetServesTheTunnel() throws Exception {
        Server server = startServer(Map.of("ws-1", URI.create("http://127.0.0.1:9")),
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            assertThat(send(port, "GET", "ws-1.ide.example-ide.net", "/").status()).isEqualTo(401);
            assertThat(send(port, "POST", "app.example.com", "/api/dev/ws-1/ide-token").status()).isEqualTo(401);
            assertThat(send(port, "GET", "app.example.com", "/__ide/ws-1/").status()).isEqualTo(404);
        } finally {
            server.stop();
        }
    }
}

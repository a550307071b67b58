package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.token.JwtTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two servers, as two nodes: the API on the application's host ({@code localhost:A}) holding the private key, a
 * gateway on the workspace hosts ({@code *.ide.localhost:B}) holding only the public key.
 */
class AsymmetricLaunchKeysTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-9");
    private static final byte[] SESSION_SECRET = "shared-by-api-and-gateways-0123456789".getBytes(StandardCharsets.UTF_8);

    @Test
    void aLaunchSignedByTheApiOpensTheWorkspaceOnAGatewayThatHoldsOnlyThePublicKey() throws Exception {
        KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
        try (FakeUpstream upstream = FakeUpstream.start("ws-9"); SampleServer apiNode = SampleServer.open();
                SampleServer gatewayNode = SampleServer.open(); CookieKeepingClient browser = new CookieKeepingClient()) {
            upstream.forbid("devproxy_session");
            Routing routing = Routing.hosts("{id}.ide.localhost:" + gatewayNode.port(), "localhost:" + apiNode.port());
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WS, "ada", Target.strip(upstream.uri()));
            DevProxy api = AsymmetricLaunchKeys.apiProxy(keys, routing,
                    (request, workspace) -> LaunchDecision.allow("ada"), SESSION_SECRET);
            DevProxy gateway = AsymmetricLaunchKeys.gatewayProxy(keys.getPublic().getEncoded(), routing, registry,
                    SESSION_SECRET);
            apiNode.serve(api, "/", null);
            gatewayNode.serve(gateway, "/", null);

            URI launch = Launches.urlIn(browser.post(apiNode.uri("/api/dev/ws-9/ide-token")).body());
            URI workspace = Launches.workspace("ws-9", gatewayNode.port());
            assertThat(launch.toString()).startsWith(workspace + "/__devproxy/launch?");

            Launches.open(browser, launch, workspace);
            assertThat(browser.get(workspace.resolve("/small")).body()).isEqualTo("hello from ws-9");
            upstream.assertClean();
        }
    }

    @Test
    void theGatewayCannotMintTokensAndRejectsTokensFromAnotherKey() throws Exception {
        KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
        JwtTokens forger = AsymmetricLaunchKeys.signer(AsymmetricLaunchKeys.generateKeyPair());
        try (SampleServer gatewayNode = SampleServer.open(); CookieKeepingClient browser = new CookieKeepingClient()) {
            Routing routing = Routing.hosts("{id}.ide.localhost:" + gatewayNode.port(), "localhost:1");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WS, "mallory", Target.strip(URI.create("http://127.0.0.1:9")));
            DevProxy gateway = AsymmetricLaunchKeys.gatewayProxy(keys.getPublic().getEncoded(), routing, registry,
                    SESSION_SECRET);

            assertThatThrownBy(() -> gateway.issueLaunch("mallory", WS)).isInstanceOf(IllegalStateException.class);
            gatewayNode.serve(gateway, "/", null);
            IssuedToken forged = forger.issue("mallory", WS, Duration.ofMinutes(2));
            URI launch = Launches.workspace("ws-9", gatewayNode.port()).resolve("/__devproxy/launch?token="
                    + URLEncoder.encode(forged.token(), StandardCharsets.UTF_8));

            assertThat(browser.get(launch).statusCode()).as("refused on the gateway, before any redirect").isEqualTo(401);
        }
    }
}

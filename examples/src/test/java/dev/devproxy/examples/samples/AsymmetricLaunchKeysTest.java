package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class AsymmetricLaunchKeysTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-9");
    private static final byte[] GATEWAY_SESSION_SECRET =
            "shared-by-all-gateways-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTokenSignedByTheApiOpensTheWorkspaceOnAGatewayThatHoldsOnlyThePublicKey() throws Exception {
        KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
        JwtTokens api = AsymmetricLaunchKeys.signer(keys);
        try (FakeUpstream upstream = FakeUpstream.start("ws-9")) {
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WS, Target.strip(upstream.uri()));
            DevProxy gateway = AsymmetricLaunchKeys.gatewayProxy(keys.getPublic().getEncoded(), registry,
                    GATEWAY_SESSION_SECRET);
            try (SampleServer server = SampleServer.start(gateway, "/", null)) {
                CookieKeepingClient browser = new CookieKeepingClient();

                String url = AsymmetricLaunchKeys.launchUrl(api, "ada", WS);
                assertThat(browser.get(server.uri(url)).statusCode()).isEqualTo(303);
                assertThat(browser.get(server.uri("/__ide/ws-9/small")).body()).isEqualTo("hello from ws-9");
            }
        }
    }

    @Test
    void theGatewayCannotMintTokensAndRejectsTokensFromAnotherKey() throws Exception {
        KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
        JwtTokens forger = AsymmetricLaunchKeys.signer(AsymmetricLaunchKeys.generateKeyPair());
        DevProxy gateway = AsymmetricLaunchKeys.gatewayProxy(keys.getPublic().getEncoded(),
                new InMemoryWorkspaceRegistry(), GATEWAY_SESSION_SECRET);

        assertThat(gateway.tokenIssuer()).isEmpty();
        assertThatThrownBy(() -> gateway.issueLaunch("ada", WS)).isInstanceOf(IllegalStateException.class);
        try (SampleServer server = SampleServer.start(gateway, "/", null)) {
            String forged = AsymmetricLaunchKeys.launchUrl(forger, "mallory", WS);
            assertThat(new CookieKeepingClient().get(server.uri(forged)).statusCode()).isEqualTo(401);
        } finally {
            gateway.close();
        }
    }
}

package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Caller;
import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.TestTokens;
import java.net.URI;
import java.time.Instant;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class InMemoryWorkspaceRegistryTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Caller ADA = new Caller("ada", WS, Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void resolvesWhatWasRegisteredUntilItIsRemoved() {
        InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
        Target target = Target.strip(URI.create("http://10.0.3.17:8080"));

        assertThat(registry.resolve(WS, ADA)).isEmpty();
        registry.register(WS, target);
        assertThat(registry.resolve(WS, ADA)).contains(target);
        assertThat(registry.workspaces()).containsExactly(WS);
        assertThat(registry.remove(WS)).isTrue();
        assertThat(registry.resolve(WS, ADA)).isEmpty();
        assertThat(registry.remove(WS)).isFalse();
    }

    @Test
    void aRemovedWorkspaceAnswers404ThroughTheTunnelAndAReRegisteredOneGoesToItsNewTarget() throws Exception {
        try (FakeUpstream first = FakeUpstream.start("first"); FakeUpstream second = FakeUpstream.start("second")) {
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WS, Target.strip(first.uri()));
            DevProxy proxy = DevProxy.builder().resolver(registry).tokens(TestTokens.tokens()).build();
            Server server = InstallIntoExistingJettyApp.start(proxy, 0);
            try {
                URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
                CookieKeepingClient browser = new CookieKeepingClient();
                browser.get(base.resolve(proxy.issueLaunch("ada", WS).url()));
                assertThat(browser.get(base.resolve("/__ide/ws-42/small")).body()).isEqualTo("hello from first");

                registry.remove(WS);
                assertThat(browser.get(base.resolve("/__ide/ws-42/small")).statusCode()).isEqualTo(404);

                registry.register(WS, Target.strip(second.uri()));        // the container moved
                assertThat(browser.get(base.resolve("/__ide/ws-42/small")).body()).isEqualTo("hello from second");
            } finally {
                server.stop();
            }
        }
    }
}

package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Caller;
import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.TestTokens;
import java.net.URI;
import java.time.Instant;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class InMemoryWorkspaceRegistryTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final Caller ADA = new Caller("ada", WS, LATER);
    private static final Caller GRACE = new Caller("grace", WS, LATER);

    @Test
    void resolvesWhatWasRegisteredForItsOwnerUntilItIsRemoved() {
        InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
        Target target = Target.strip(URI.create("http://10.0.3.17:8080"));

        assertThat(registry.resolve(WS, ADA)).isEmpty();
        registry.register(WS, "ada", target);
        assertThat(registry.resolve(WS, ADA)).contains(target);
        assertThat(registry.workspaces()).containsExactly(WS);
        assertThat(registry.remove(WS)).isTrue();
        assertThat(registry.resolve(WS, ADA)).isEmpty();
        assertThat(registry.remove(WS)).isFalse();
    }

    @Test
    void aCallerWhoIsNotTheOwnerGetsWhatAnUnknownWorkspaceGetsUntilItIsShared() {
        InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
        Target target = Target.strip(URI.create("http://10.0.3.17:8080"));
        registry.register(WS, "ada", target);

        assertThat(registry.resolve(WS, GRACE)).as("not hers: as if it did not exist").isEmpty();
        assertThat(registry.mayUse(WS, "grace")).isFalse();

        assertThat(registry.grant(WS, "grace")).isTrue();
        assertThat(registry.resolve(WS, GRACE)).contains(target);

        assertThat(registry.revoke(WS, "grace")).isTrue();
        assertThat(registry.resolve(WS, GRACE)).isEmpty();
        assertThat(registry.revoke(WS, "ada")).as("the owner stays").isFalse();
        assertThat(registry.resolve(WS, ADA)).contains(target);
        assertThat(registry.grant(WorkspaceId.of("nope"), "grace")).isFalse();
    }

    @Test
    void throughTheTunnelASessionEndsWithTheShareAndARemovedWorkspaceAnswers404() throws Exception {
        try (FakeUpstream first = FakeUpstream.start("first"); FakeUpstream second = FakeUpstream.start("second");
                CookieKeepingClient grace = new CookieKeepingClient()) {
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WS, "ada", Target.strip(first.uri()));
            registry.grant(WS, "grace");
            DevProxy proxy = DevProxy.builder()
                    .routing(Launches.HOSTS)
                    .resolver(registry)
                    .tokens(TestTokens.tokens())
                    // The test is the application: whoever names herself may launch; the registry decides the rest.
                    .launchAuthorizer((request, workspace) -> LaunchDecision.allow(request.getHeader("X-User")))
                    .build();
            Server server = InstallIntoExistingJettyApp.start(proxy, 0);
            try {
                int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                URI workspace = Launches.workspace("ws-42", port);
                URI tokenEndpoint = URI.create("http://localhost:" + port + "/api/dev/ws-42/ide-token");
                Launches.open(grace, Launches.urlIn(grace.post(tokenEndpoint, "X-User", "grace").body()), workspace);
                assertThat(grace.get(workspace.resolve("/small")).body()).isEqualTo("hello from first");

                registry.revoke(WS, "grace");
                assertThat(grace.get(workspace.resolve("/small")).statusCode())
                        .as("her session cookie is still valid; the resolver says no").isEqualTo(404);

                registry.grant(WS, "grace");
                registry.remove(WS);
                assertThat(grace.get(workspace.resolve("/small")).statusCode()).isEqualTo(404);

                registry.register(WS, "grace", Target.strip(second.uri()));     // the container moved, and its owner
                assertThat(grace.get(workspace.resolve("/small")).body()).isEqualTo("hello from second");
            } finally {
                server.stop();
            }
        }
    }
}

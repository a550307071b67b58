package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchToken;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.TestTokens;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class InstallIntoExistingJettyAppTest {

    @Test
    void theApplicationsOwnRoutesStayAndTheTunnelIsAdded() throws Exception {
        WorkspaceId workspace = WorkspaceId.of("ws-1");
        try (FakeUpstream upstream = FakeUpstream.start("ws-1")) {
            upstream.forbid("devproxy_session=");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(workspace, Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder().resolver(registry).tokens(TestTokens.tokens()).build();

            Server server = InstallIntoExistingJettyApp.start(proxy, 0);
            try {
                URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
                CookieKeepingClient browser = new CookieKeepingClient();

                assertThat(browser.get(base.resolve("/api/projects")).body())
                        .isEqualTo("{\"route\":\"/projects\",\"served\":\"by the application\"}");
                assertThat(browser.get(base.resolve("/api/dev/stats")).body()).contains("by the application");
                assertThat(browser.get(base.resolve("/__ide/ws-1/small")).statusCode()).isEqualTo(401);

                LaunchToken launch = proxy.issueLaunch("ada", workspace);
                upstream.forbid(launch.token());
                assertThat(browser.get(base.resolve(launch.url())).statusCode()).isEqualTo(303);
                assertThat(browser.get(base.resolve("/__ide/ws-1/small")).body()).isEqualTo("hello from ws-1");
                upstream.assertClean();
            } finally {
                server.stop();
            }
        }
    }
}

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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallIntoExistingTomcatAppTest {

    @Test
    void theApplicationsOwnRoutesStayAndTheTunnelIsAddedWithItsWebSockets(@TempDir Path workDir) throws Exception {
        WorkspaceId workspace = WorkspaceId.of("ws-1");
        try (FakeUpstream upstream = FakeUpstream.start("ws-1")) {
            upstream.forbid("devproxy_session=");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(workspace, Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder().resolver(registry).tokens(TestTokens.tokens()).build();

            Tomcat tomcat = InstallIntoExistingTomcatApp.start(proxy, 0, workDir);
            try {
                URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
                CookieKeepingClient browser = new CookieKeepingClient();

                assertThat(browser.get(base.resolve("/api/projects")).body())
                        .isEqualTo("{\"route\":\"/projects\",\"served\":\"by the application\"}");
                assertThat(browser.get(base.resolve("/api/dev/stats")).body()).contains("by the application");
                assertThat(browser.get(base.resolve("/__ide/ws-1/small")).statusCode()).isEqualTo(401);

                LaunchToken launch = proxy.issueLaunch("ada", workspace);
                upstream.forbid(launch.token());
                assertThat(browser.get(base.resolve(launch.url())).statusCode()).isEqualTo(303);
                assertThat(browser.get(base.resolve("/__ide/ws-1/small")).body()).isEqualTo("hello from ws-1");

                CookieKeepingClient.Socket socket = browser.openSocket(base.resolve("/__ide/ws-1/ws/echo"));
                socket.send("through Tomcat");
                assertThat(socket.awaitMessageContaining("through Tomcat")).isEqualTo("through Tomcat");
                socket.close();
                assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
                upstream.assertClean();
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }
}

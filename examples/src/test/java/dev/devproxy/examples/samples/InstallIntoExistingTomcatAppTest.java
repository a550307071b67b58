package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.spi.LaunchDecision;
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
    void theApplicationsOwnRoutesStayOnItsHostAndEachWorkspaceGetsAHostOfItsOwnWithWebSockets(@TempDir Path workDir)
            throws Exception {
        WorkspaceId workspace = WorkspaceId.of("ws-1");
        try (FakeUpstream upstream = FakeUpstream.start("ws-1"); CookieKeepingClient browser = new CookieKeepingClient()) {
            upstream.forbid("devproxy_session");
            upstream.forbid("key-ada");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(workspace, "ada", Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder()
                    .routing(Launches.HOSTS)
                    .resolver(registry)
                    .tokens(TestTokens.tokens())
                    .launchAuthorizer((request, id) -> "key-ada".equals(request.getHeader("X-Api-Key"))
                            ? LaunchDecision.allow("ada") : LaunchDecision.unauthenticated())
                    .build();

            Tomcat tomcat = InstallIntoExistingTomcatApp.start(proxy, 0, workDir);
            try {
                int port = tomcat.getConnector().getLocalPort();
                URI app = URI.create("http://localhost:" + port);
                URI ws1 = Launches.workspace("ws-1", port);

                assertThat(browser.get(app.resolve("/api/projects")).body())
                        .isEqualTo("{\"route\":\"/projects\",\"served\":\"by the application\"}");
                assertThat(browser.get(app.resolve("/api/dev/stats")).body()).contains("by the application");
                assertThat(browser.get(ws1.resolve("/api/projects")).statusCode())
                        .as("the application's route is not there on a workspace's host: devproxy's 401").isEqualTo(401);

                Launches.open(browser, Launches.urlIn(browser.post(app.resolve("/api/dev/ws-1/ide-token"),
                        "X-Api-Key", "key-ada").body()), ws1);
                assertThat(browser.get(ws1.resolve("/small")).body()).isEqualTo("hello from ws-1");
                assertThat(browser.get(ws1.resolve("/api/projects")).body()).isEqualTo("ws-1 GET /api/projects");

                CookieKeepingClient.Socket socket = browser.openSocket(ws1.resolve("/ws/echo"));
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

package dev.devproxy.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.LoopbackBrowser;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample portal, started as it ships ({@code application.properties}, its beans, Spring Security) on a random
 * port, on embedded Tomcat and on Jetty as Boot 4.0.7 manages them: a signed-in user lists their workspaces, asks
 * for a launch, follows it as a browser does to the workspace's own origin, and uses HTTP and a WebSocket there.
 */
class IdePortalTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ADA = "Authorization: Basic "
            + Base64.getEncoder().encodeToString(("ada:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private FakeUpstream alpha;
    private FakeUpstream bobs;
    private ConfigurableApplicationContext portal;
    private LoopbackBrowser browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (portal != null) {
            portal.close();
        }
        for (FakeUpstream upstream : new FakeUpstream[] {alpha, bobs}) {
            if (upstream != null) {
                upstream.close();
                upstream.assertClean();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void aSignedInUserOpensTheirWorkspaceOverHttpAndWebSocket(String container) throws Exception {
        start(container);
        int port = ((WebServerApplicationContext) portal).getWebServer().getPort();
        String application = "http://localhost:" + port;
        String origin = "http://alpha.localhost:" + port;

        assertThat(browser.get(application + "/api/workspaces").status()).isEqualTo(401);
        assertThat(browser.get(application + "/api/workspaces", ADA).text())
                .contains("\"id\":\"alpha\"").doesNotContain("bobs");
        assertThat(browser.post(application + "/api/dev/alpha/ide-token", "").status()).isEqualTo(401);
        assertThat(browser.post(application + "/api/dev/bobs/ide-token", "", ADA).status()).isEqualTo(404);

        TestResponse issued = browser.post(application + "/api/dev/alpha/ide-token", "", ADA);
        assertThat(issued.status()).isEqualTo(200);
        alpha.forbid(field("token", issued.text()));
        String binding = issued.headers("Set-Cookie").stream().filter(c -> c.contains("_binding="))
                .map(LoopbackBrowser::pair).findFirst().orElseThrow();
        TestResponse onWorkspace = browser.get(field("url", issued.text()));
        TestResponse onApplication = browser.get(onWorkspace.header("Location"), "Cookie: " + binding);
        TestResponse landed = browser.get(onApplication.header("Location"),
                "Cookie: " + LoopbackBrowser.pair(onWorkspace.header("Set-Cookie")));
        assertThat(List.of(onWorkspace.status(), onApplication.status(), landed.status())).containsOnly(303);
        assertThat(landed.header("Location")).isEqualTo("/");
        String session = LoopbackBrowser.pair(landed.header("Set-Cookie"));

        TestResponse page = browser.get(origin + "/small", "Cookie: " + session);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).isEqualTo("hello from alpha");
        TestResponse posted = browser.post(origin + "/echo", "typed in the IDE", "Cookie: " + session);
        assertThat(posted.text()).isEqualTo("typed in the IDE");
        SocketProbe socket = browser.openSocket("ws://alpha.localhost:" + port + "/ws/echo", origin, session);
        socket.send("ping");
        assertThat(socket.nextText()).isEqualTo("ping");
        socket.session().close();
        assertThat(socket.awaitCloseCode()).isEqualTo(1000);

        TestResponse meters = browser.get(application + "/actuator/metrics/devproxy.http.exchanges", ADA);
        assertThat(meters.status()).isEqualTo(200);
        assertThat(meters.text()).contains("\"COUNT\"");
    }

    private void start(String container) throws Exception {
        alpha = FakeUpstream.start("alpha");
        bobs = FakeUpstream.start("bobs");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.security.user.password=" + PASSWORD,
                "--devproxy.keys.hmac-secret=" + "sample-test-secret-".repeat(3),
                "--portal.workspaces.alpha.upstream=" + alpha.uri(),
                "--portal.workspaces.alpha.owner=ada",
                "--portal.workspaces.bobs.upstream=" + bobs.uri(),
                "--portal.workspaces.bobs.owner=bob",
                // Both servers are on the test class path: the other one is switched off.
                "--spring.autoconfigure.exclude=" + (container.equals("jetty")
                        ? "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
                        : "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration")));
        portal = SpringApplication.run(IdePortal.class, args.toArray(new String[0]));
        String server = ((WebServerApplicationContext) portal).getWebServer().getClass().getSimpleName();
        if (container.equals("jetty")) {
            assertThat(server).isEqualTo("JettyServletWebServer");
            assertThat(org.eclipse.jetty.util.Jetty.VERSION).isEqualTo(System.getProperty("devproxy.expectedJetty"));
        } else {
            assertThat(server).isEqualTo("TomcatWebServer");
            assertThat(org.apache.catalina.util.ServerInfo.getServerNumber())
                    .startsWith(System.getProperty("devproxy.expectedTomcat"));
        }
        browser = new LoopbackBrowser();
    }

    private static String field(String name, String json) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }
}

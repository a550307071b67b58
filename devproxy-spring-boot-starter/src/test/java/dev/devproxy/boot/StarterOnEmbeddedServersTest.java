package dev.devproxy.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.micrometer.DevProxyMetrics;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.LoopbackBrowser;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The starter in a real Boot application with Spring Security, on embedded Tomcat and on Jetty, each the version
 * Boot 4.0.7 manages: the launch through the token endpoint (behind the application's login), HTTP and a WebSocket
 * on the workspace's own host (where no filter of the application runs), meters, and keys kept out of the Actuator
 * and the logs.
 */
class StarterOnEmbeddedServersTest {
    private static final String HMAC_SECRET = "hmac-secret-that-must-never-show-0123456789";
    private static final String SESSION_SECRET = "session-secret-that-must-never-show-012345";
    private static final String ADA = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("ada:lovelace".getBytes(StandardCharsets.UTF_8));
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private FakeUpstream alpha;
    private BootApp app;
    private LoopbackBrowser browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (alpha != null) {
            alpha.close();
            alpha.assertClean();
        }
        PortalApplication.WORKSPACES.clear();
        PortalApplication.HOSTS_SEEN_BY_APPLICATION.clear();
    }

    @ParameterizedTest
    @EnumSource(BootApp.Container.class)
    void launchHttpAndWebSocketRunThroughTheEmbeddedServerOutsideTheApplicationsFilters(BootApp.Container container)
            throws Exception {
        start(container);
        assertRunsBootsManagedServer(container);
        int port = app.port();
        String application = "http://localhost:" + port;
        String workspace = "http://alpha.ws.localhost:" + port;

        // The token endpoint is the application's: Spring Security wants its login first.
        TestResponse anonymous = browser.post(application + "/api/dev/alpha/ide-token", "");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        TestResponse issued = browser.post(application + "/api/dev/alpha/ide-token", "", ADA);
        assertThat(issued.status()).isEqualTo(200);
        String token = find(TOKEN, issued.text());
        alpha.forbid(token);
        String binding = issued.headers("Set-Cookie").stream().filter(c -> c.contains("_binding="))
                .map(LoopbackBrowser::pair).findFirst().orElseThrow();

        // The launch: the workspace's host, the application's (no login needed there: devproxy checks the token and
        // the browser's binding), and back with the session.
        TestResponse onWorkspace = browser.get(find(URL, issued.text()));
        assertThat(onWorkspace.status()).isEqualTo(303);
        TestResponse onApplication = browser.get(onWorkspace.header("Location"), "Cookie: " + binding);
        assertThat(onApplication.status()).isEqualTo(303);
        TestResponse landed = browser.get(onApplication.header("Location"),
                "Cookie: " + LoopbackBrowser.pair(onWorkspace.header("Set-Cookie")));
        assertThat(landed.status()).isEqualTo(303);
        assertThat(landed.header("Location")).isEqualTo("/");
        String session = LoopbackBrowser.pair(landed.header("Set-Cookie"));

        // HTTP on the workspace's host reaches the workspace, even on a path the application serves itself, and
        // carries none of the headers Spring Security adds to every response of the application.
        TestResponse small = browser.get(workspace + "/small", "Cookie: " + session);
        assertThat(small.status()).isEqualTo(200);
        assertThat(small.text()).isEqualTo("hello from alpha");
        assertThat(small.header("X-Frame-Options")).isNull();
        assertThat(small.header("X-Content-Type-Options")).isNull();
        assertThat(browser.get(workspace + "/app/hello", "Cookie: " + session).text())
                .isEqualTo("alpha GET /app/hello");
        TestResponse portal = browser.get(application + "/app/hello", ADA);
        assertThat(portal.text()).isEqualTo("hello from the portal");
        assertThat(portal.header("X-Frame-Options")).isEqualTo("DENY");

        // A WebSocket on the workspace's host.
        SocketProbe socket = browser.openSocket("ws://alpha.ws.localhost:" + port + "/ws/echo", workspace,
                session);
        socket.send("ping");
        assertThat(socket.nextText()).isEqualTo("ping");
        socket.session().close();
        MeterRegistry meters = app.context().getBean(MeterRegistry.class);
        Await.until(() -> meters.find(DevProxyMetrics.WEBSOCKETS_CLOSED).counters().size() == 1,
                Duration.ofSeconds(10), "the socket's close counted");
        assertThat(meters.get(DevProxyMetrics.WEBSOCKETS_CLOSED).tags("code", "1000", "closed_by", "browser").counter()
                .count()).isEqualTo(1);

        // The shared-origin tunnel on the application's host: Spring Security lets it through to devproxy, whose
        // own credential check answers (its 401 without its cookie, not Spring's Basic challenge or CSRF refusal).
        TestResponse tunnel = browser.post(application + "/__ide/alpha/echo", "x");
        assertThat(tunnel.status()).isEqualTo(401);
        assertThat(tunnel.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"devproxy\"");

        // No filter of the application ran on the workspace's host, not even its earliest.
        assertThat(PortalApplication.HOSTS_SEEN_BY_APPLICATION).isNotEmpty()
                .noneMatch(host -> host.startsWith("alpha."));

        assertThat(meters.get(DevProxyMetrics.TOKENS_ISSUED).counter().count()).isEqualTo(1);
        assertThat(meters.get(DevProxyMetrics.BOOTSTRAPS).tags("outcome", "accepted").counter().count()).isEqualTo(1);
        assertThat(meters.get(DevProxyMetrics.HTTP_EXCHANGES).tags("status", "2xx", "failure", "none").timer()
                .count()).isEqualTo(2);
        assertThat(meters.get(DevProxyMetrics.BYTES).tags("transport", "websocket", "direction", "upstream_to_browser")
                .counter().count()).isEqualTo(4);
        assertThat(meters.get(DevProxyMetrics.WEBSOCKETS_OPEN).gauge().value()).isZero();
        TestResponse actuator = browser.get(application + "/actuator/metrics/" + DevProxyMetrics.BOOTSTRAPS, ADA);
        assertThat(actuator.status()).isEqualTo(200);
        assertThat(actuator.text()).contains("\"outcome\"", "accepted");
    }

    @ParameterizedTest
    @EnumSource(BootApp.Container.class)
    void keysAreMaskedInTheActuatorAndNeverLogged(BootApp.Container container) throws Exception {
        start(container);
        String application = "http://localhost:" + app.port();
        browser.post(application + "/api/dev/alpha/ide-token", "", ADA);

        TestResponse env = browser.get(application + "/actuator/env", ADA);
        assertThat(env.status()).isEqualTo(200);
        // show-values=always: other values are in clear, so the mask is the starter's doing.
        assertThat(env.text()).contains("{id}.ws.localhost", "devproxy.keys.hmac-secret", "******")
                .doesNotContain(HMAC_SECRET, SESSION_SECRET);
        TestResponse configprops = browser.get(application + "/actuator/configprops", ADA);
        assertThat(configprops.status()).isEqualTo(200);
        assertThat(configprops.text()).contains("{id}.ws.localhost", "hmacSecret")
                .doesNotContain(HMAC_SECRET, SESSION_SECRET);
        assertThat(app.printed()).contains("dev.devproxy").doesNotContain(HMAC_SECRET, SESSION_SECRET);
    }

    private void start(BootApp.Container container) throws Exception {
        alpha = FakeUpstream.start("alpha");
        PortalApplication.WORKSPACES.put("alpha", alpha.uri());
        app = BootApp.start(container, PortalApplication.class, Map.ofEntries(
                Map.entry("devproxy.routing.mode", "hosts"),
                Map.entry("devproxy.routing.workspace-host", "{id}.ws.localhost"),
                Map.entry("devproxy.routing.application-host", "localhost"),
                Map.entry("devproxy.routing.shared-origin-prefix", "/__ide"),
                Map.entry("devproxy.cookie.secure", "false"),
                Map.entry("devproxy.keys.hmac-secret", HMAC_SECRET),
                Map.entry("devproxy.keys.session-secret", SESSION_SECRET),
                Map.entry("logging.level.dev.devproxy", "DEBUG"),
                Map.entry("management.endpoints.web.exposure.include", "env,configprops,metrics"),
                Map.entry("management.endpoint.env.show-values", "always"),
                Map.entry("management.endpoint.configprops.show-values", "always")));
        browser = new LoopbackBrowser();
    }

    private void assertRunsBootsManagedServer(BootApp.Container container) {
        String server = ((org.springframework.boot.web.server.context.WebServerApplicationContext) app.context())
                .getWebServer().getClass().getSimpleName();
        if (container == BootApp.Container.TOMCAT) {
            assertThat(server).isEqualTo("TomcatWebServer");
            assertThat(org.apache.catalina.util.ServerInfo.getServerNumber())
                    .startsWith(System.getProperty("devproxy.expectedTomcat"));
        } else {
            assertThat(server).isEqualTo("JettyServletWebServer");
            assertThat(org.eclipse.jetty.util.Jetty.VERSION).isEqualTo(System.getProperty("devproxy.expectedJetty"));
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }
}

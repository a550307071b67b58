package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --workspace} points the demo at real apps instead of the built-in ones. With host routing each app is the
 * root of its own origin, so strip and preserve both send it {@code /...}; with path routing preserve keeps
 * {@code /__ide/ID/}, as Jupyter's {@code base_url} expects.
 */
class DemoWithOwnWorkspacesTest {
    private static final Pattern LAUNCH_URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @ParameterizedTest(name = "--routing {0}")
    @CsvSource({"hosts, /lab", "path, /__ide/nb/lab"})
    void stripAndPreserveWorkspacesReceiveTheirPathsAndNothingElseIsListed(String routing, String preservedPath)
            throws Exception {
        try (FakeUpstream codeServer = FakeUpstream.start("cs"); FakeUpstream jupyter = FakeUpstream.start("nb")) {
            for (FakeUpstream upstream : new FakeUpstream[] {codeServer, jupyter}) {
                upstream.forbid("devproxy_session");      // the session, the binding and the launch state alike
                upstream.forbid("portal_session=");
            }
            DemoOptions options = DemoOptions.parse("--port", "0", "--routing", routing,
                    "--workspace", "cs=" + codeServer.uri(), "--workspace", "nb=" + jupyter.uri() + ",preserve");
            try (DemoApp app = DemoApp.start(options, new JettyHostContainer());
                    CookieKeepingClient browser = new CookieKeepingClient()) {
                browser.postForm(app.url().resolve("/api/session"), Map.of("name", "grace"));

                assertThat(browser.get(app.url().resolve("/api/workspaces")).body())
                        .contains("\"id\":\"cs\"", "\"id\":\"nb\"", "\"mode\":\"preserve\"").doesNotContain("scratchpad");

                open(browser, app.url(), "cs");
                assertThat(browser.get(app.workspaceUrl(WorkspaceId.of("cs")).resolve("some/file.js")).body())
                        .isEqualTo("cs GET /some/file.js");
                open(browser, app.url(), "nb");
                assertThat(browser.get(app.workspaceUrl(WorkspaceId.of("nb")).resolve("lab")).body())
                        .isEqualTo("nb GET " + preservedPath);

                codeServer.assertClean();
                jupyter.assertClean();
            }
        }
    }

    private static void open(CookieKeepingClient browser, URI portal, String workspace) throws Exception {
        Matcher url = LAUNCH_URL.matcher(browser.post(portal.resolve("/api/dev/" + workspace + "/ide-token")).body());
        assertThat(url.find()).isTrue();
        assertThat(browser.followLaunch(portal.resolve(url.group(1)))).last()
                .extracting(CookieKeepingClient.Response::statusCode).isEqualTo(200);
    }
}

package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --workspace} points the demo at real apps instead of the built-in ones, in either path mode. */
class DemoWithOwnWorkspacesTest {
    private static final Pattern LAUNCH_URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @Test
    void stripAndPreserveWorkspacesReceiveTheirPathsAndNothingElseIsListed() throws Exception {
        try (FakeUpstream codeServer = FakeUpstream.start("cs"); FakeUpstream jupyter = FakeUpstream.start("nb")) {
            codeServer.forbid("devproxy_session=");
            codeServer.forbid("portal_session=");
            jupyter.forbid("devproxy_session=");
            jupyter.forbid("portal_session=");
            DemoOptions options = DemoOptions.parse("--port", "0", "--workspace", "cs=" + codeServer.uri(),
                    "--workspace", "nb=" + jupyter.uri() + ",preserve");
            try (DemoApp app = DemoApp.start(options, new JettyHostContainer())) {
                CookieKeepingClient browser = new CookieKeepingClient();
                browser.postForm(app.url().resolve("/api/session"), Map.of("name", "grace"));

                assertThat(browser.get(app.url().resolve("/api/workspaces")).body())
                        .contains("\"id\":\"cs\"", "\"id\":\"nb\"", "\"mode\":\"preserve\"").doesNotContain("scratchpad");

                open(browser, app.url(), "cs");
                assertThat(browser.get(app.url().resolve("/__ide/cs/some/file.js")).body()).isEqualTo("cs GET /some/file.js");
                open(browser, app.url(), "nb");
                assertThat(browser.get(app.url().resolve("/__ide/nb/lab")).body()).isEqualTo("nb GET /__ide/nb/lab");

                codeServer.assertClean();
                jupyter.assertClean();
            }
        }
    }

    private static void open(CookieKeepingClient browser, URI portal, String workspace) throws Exception {
        Matcher url = LAUNCH_URL.matcher(browser.post(portal.resolve("/api/dev/" + workspace + "/ide-token")).body());
        assertThat(url.find()).isTrue();
        assertThat(browser.get(portal.resolve(url.group(1))).statusCode()).isEqualTo(303);
    }
}

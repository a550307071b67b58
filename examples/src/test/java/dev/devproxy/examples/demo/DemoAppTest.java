package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.examples.testing.CookieKeepingClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's whole flow over plain HTTP and WebSocket, without a browser: what {@code DemoInChromiumTest}
 * checks in Chromium, checked here on every machine and step by step, once per servlet container.
 */
abstract class DemoAppTest {
    private static final Pattern LAUNCH_URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    private DemoApp app;
    private final CookieKeepingClient browser = new CookieKeepingClient();

    @BeforeEach
    void startDemo() throws Exception {
        app = DemoApp.start(DemoOptions.parse("--port", "0"), container());
    }

    /** The servlet container the portal and devproxy run in. */
    abstract HostContainer container();

    @AfterEach
    void stopDemo() {
        app.close();
    }

    private URI at(String path) {
        return app.url().resolve(path);
    }

    private void signIn(String name) throws Exception {
        HttpResponse<String> signIn = browser.postForm(at("/api/session"), Map.of("name", name));
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
    }

    private String launchUrl(String workspace) throws Exception {
        HttpResponse<String> token = browser.post(at("/api/dev/" + workspace + "/ide-token"), "Accept", "application/json");
        assertThat(token.statusCode()).isEqualTo(200);
        Matcher url = LAUNCH_URL.matcher(token.body());
        assertThat(url.find()).as("launch URL in %s", token.body()).isTrue();
        return url.group(1);
    }

    private void openIde(String workspace) throws Exception {
        HttpResponse<String> bootstrap = browser.get(at(launchUrl(workspace)));
        assertThat(bootstrap.statusCode()).isEqualTo(303);
        assertThat(bootstrap.headers().firstValue("Location")).hasValue("/__ide/" + workspace + "/");
    }

    @Test
    void theTokenEndpointAsksThePortalsOwnSignIn() throws Exception {
        assertThat(browser.get(at("/api/session")).body()).isEqualTo("{\"signedIn\":false}");
        assertThat(browser.post(at("/api/dev/scratchpad/ide-token")).statusCode()).isEqualTo(401);

        signIn("ada");

        assertThat(browser.get(at("/api/session")).body()).isEqualTo("{\"signedIn\":true,\"name\":\"ada\"}");
        assertThat(launchUrl("scratchpad")).startsWith("/api/dev/scratchpad/ide?token=");
        assertThat(browser.post(at("/api/dev/no-such-workspace/ide-token")).statusCode()).isEqualTo(404);
    }

    @Test
    void thePortalSessionCookieNeverCoversTheTunnel() throws Exception {
        signIn("ada");

        assertThat(browser.cookieNamesFor(at("/api/dev/scratchpad/ide-token"))).containsExactly("portal_session");
        assertThat(browser.cookieNamesFor(at("/__ide/scratchpad/pad/"))).isEmpty();
    }

    @Test
    void openingTheScratchpadGoesThroughRedirectAssetsAndItsOwnCookie() throws Exception {
        signIn("ada");
        openIde("scratchpad");
        assertThat(browser.cookieNamesFor(at("/__ide/scratchpad/"))).containsExactly("devproxy_session");
        var session = browser.cookie(at("/__ide/scratchpad/"), "devproxy_session");
        assertThat(session.path()).isEqualTo("/__ide/scratchpad/");
        assertThat(session.httpOnly()).isTrue();
        assertThat(session.secure()).as("insecureForDevelopment: plain HTTP on loopback").isFalse();

        HttpResponse<String> root = browser.get(at("/__ide/scratchpad/"));
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/__ide/scratchpad/pad/");

        HttpResponse<String> page = browser.get(at("/__ide/scratchpad/pad/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("visit <strong id=\"visits\">1</strong>", "<code id=\"cookies\">(none)</code>",
                "X-Forwarded-Prefix: /__ide/scratchpad");
        assertThat(page.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith("pad_visits=1").contains("Path=/__ide/scratchpad/");

        assertThat(browser.get(at("/__ide/scratchpad/pad/")).body())
                .contains("visit <strong id=\"visits\">2</strong>", "<code id=\"cookies\">pad_visits</code>");
        HttpResponse<String> css = browser.get(at("/__ide/scratchpad/pad/pad.css"));
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(css.body()).contains("--pad-stylesheet: loaded");
    }

    @Test
    void scratchpadEditsMakeARoundTripAndReachOtherEditors() throws Exception {
        signIn("ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket first = browser.openSocket(at("/__ide/scratchpad/ws"));
        CookieKeepingClient.Socket second = browser.openSocket(at("/__ide/scratchpad/ws"));
        first.awaitMessageContaining("\"type\":\"hello\"");

        first.send("1\nhello through the tunnel");

        assertThat(first.awaitMessageContaining("hello through the tunnel")).contains("\"seq\":1");
        assertThat(second.awaitMessageContaining("hello through the tunnel")).contains("\"rev\":1");
        second.send("7\nand back");
        assertThat(first.awaitMessageContaining("and back")).contains("\"rev\":2");
        first.close();
        second.close();
    }

    /**
     * What the Chromium test's second tab does, many times: a socket that joins an edited scratchpad gets the
     * server's hello and the shared text, which the scratchpad sends the moment the socket opens.
     */
    @Test
    void everyEditorThatJoinsGetsTheSharedText() throws Exception {
        signIn("ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket first = browser.openSocket(at("/__ide/scratchpad/ws"));
        first.awaitMessageContaining("\"type\":\"hello\"");
        first.send("1\nshared through the tunnel");
        first.awaitMessageContaining("shared through the tunnel");
        for (int i = 0; i < 30; i++) {
            CookieKeepingClient.Socket joining = browser.openSocket(at("/__ide/scratchpad/ws"));
            assertThat(joining.awaitMessageContaining("\"type\":\"hello\"")).as("hello on joiner %d", i).isNotNull();
            assertThat(joining.awaitMessageContaining("shared through the tunnel")).as("state on joiner %d", i)
                    .contains("\"type\":\"state\"");
            joining.close();
        }
        first.close();
    }

    @Test
    void theTerminalIsServedWithThePrefixPreserved() throws Exception {
        signIn("ada");
        openIde("terminal");

        assertThat(browser.get(at("/__ide/terminal/")).body()).contains("<title>Terminal");
        CookieKeepingClient.Socket shell = browser.openSocket(at("/__ide/terminal/pty"));
        assertThat(shell.awaitMessageContaining("connected")).contains("/__ide/terminal/pty");
        shell.send("echo preserved");
        shell.awaitMessageContaining("preserved");
        shell.close();
    }

    @Test
    void theStoppedWorkspaceShowsDevproxysUnreachablePageAndTheStatusApiSaysWhy() throws Exception {
        signIn("ada");
        openIde("stopped");

        HttpResponse<String> stopped = browser.get(at("/__ide/stopped/"));
        assertThat(stopped.statusCode()).isEqualTo(502);
        assertThat(stopped.body()).contains("Workspace unreachable").doesNotContain("127.0.0.1");
        assertThat(browser.get(at("/api/workspaces")).body())
                .contains("\"id\":\"scratchpad\"", "\"reachable\":true")
                .containsPattern("\"id\":\"stopped\".*\"reachable\":false");
    }

    @Test
    void withoutDevproxysCookieTheTunnelAnswers401() throws Exception {
        signIn("ada");
        openIde("scratchpad");
        browser.forget("devproxy_session");

        HttpResponse<String> refused = browser.get(at("/__ide/scratchpad/pad/"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Sign-in required");
    }

    @Test
    void aSpentLaunchUrlCannotBeUsedTwice() throws Exception {
        signIn("ada");
        String url = launchUrl("scratchpad");
        assertThat(browser.get(at(url)).statusCode()).isEqualTo(303);
        assertThat(browser.get(at(url)).statusCode()).isEqualTo(401);
    }

    @Test
    void closingTheDemoClosesLiveSocketsWithGoingAway() throws Exception {
        signIn("ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket socket = browser.openSocket(at("/__ide/scratchpad/ws"));
        socket.awaitMessageContaining("\"type\":\"state\"");

        app.close();

        assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }
}

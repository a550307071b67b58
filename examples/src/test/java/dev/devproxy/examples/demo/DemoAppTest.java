package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieJar;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.examples.testing.CookieKeepingClient.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's whole flow over plain HTTP and WebSocket, without a browser: what {@code DemoInChromiumTest}
 * checks in Chromium, checked here on every machine and step by step, per servlet container and routing. The
 * client resolves {@code *.localhost} as browsers do and keeps cookies by host, so with host routing it sees
 * exactly which origin holds which cookie.
 */
abstract class DemoAppTest {
    private static final Pattern LAUNCH_URL = Pattern.compile("\"url\":\"([^\"]+)\"");
    private static final String SESSION_COOKIE = "devproxy_session";

    private DemoApp app;
    private final CookieKeepingClient browser = new CookieKeepingClient();

    /** The servlet container the portal and devproxy run in. */
    abstract HostContainer container();

    /** The routing the demo runs with: host routing, its default, unless a subclass says otherwise. */
    DemoOptions.RoutingChoice routing() {
        return DemoOptions.RoutingChoice.HOSTS;
    }

    private boolean hosts() {
        return routing() == DemoOptions.RoutingChoice.HOSTS;
    }

    @BeforeEach
    void startDemo() throws Exception {
        app = DemoApp.start(DemoOptions.parse("--port", "0", "--routing", routing().name().toLowerCase(Locale.ROOT)),
                container());
    }

    @AfterEach
    void stopDemo() throws Exception {
        app.close();
        browser.close();
    }

    /** {@code path} on the portal. */
    private URI at(String path) {
        return app.url().resolve(path);
    }

    /** {@code relative} (no leading slash) inside {@code workspace}, wherever the routing puts it. */
    private URI in(String workspace, String relative) {
        return app.workspaceUrl(WorkspaceId.of(workspace)).resolve(relative);
    }

    /** The workspace's root as the browser's path: {@code /} on its own host, else {@code /__ide/ID/}. */
    private String root(String workspace) {
        return app.workspaceUrl(WorkspaceId.of(workspace)).getPath();
    }

    private void signIn(CookieKeepingClient client, String name) throws Exception {
        Response signIn = client.postForm(at("/api/session"), Map.of("name", name));
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.header("Location")).hasValue("/");
    }

    private URI launchUrl(CookieKeepingClient client, String workspace) throws Exception {
        Response token = client.post(at("/api/dev/" + workspace + "/ide-token"), "Accept", "application/json");
        assertThat(token.statusCode()).as("token endpoint: %s", token.body()).isEqualTo(200);
        Matcher url = LAUNCH_URL.matcher(token.body());
        assertThat(url.find()).as("launch URL in %s", token.body()).isTrue();
        return at(url.group(1));
    }

    /** Opens the workspace as the portal's Open IDE button does, and checks where the launch landed. */
    private void openIde(String workspace) throws Exception {
        URI launch = launchUrl(browser, workspace);
        List<Response> hops = browser.followLaunch(launch);
        assertThat(hops).as("303s of the launch: one on the portal's origin, three across origins with host routing")
                .hasSize(hosts() ? 4 : 2);
        assertThat(CookieKeepingClient.landing(launch, hops)).isEqualTo(in(workspace, ""));
    }

    @Test
    void theTokenEndpointAsksThePortalsOwnSignIn() throws Exception {
        assertThat(browser.get(at("/api/session")).body()).isEqualTo("{\"signedIn\":false}");
        assertThat(browser.post(at("/api/dev/scratchpad/ide-token")).statusCode()).isEqualTo(401);

        signIn(browser, "ada");

        assertThat(browser.get(at("/api/session")).body()).isEqualTo("{\"signedIn\":true,\"name\":\"ada\"}");
        assertThat(launchUrl(browser, "scratchpad").toString()).startsWith(hosts()
                ? "http://scratchpad.localhost:" + app.url().getPort() + "/__devproxy/launch?token="
                : app.url() + "api/dev/scratchpad/ide?token=");
        assertThat(browser.post(at("/api/dev/no-such-workspace/ide-token")).statusCode()).isEqualTo(404);
    }

    @Test
    void thePortalSessionCookieNeverCoversAWorkspace() throws Exception {
        signIn(browser, "ada");

        assertThat(browser.cookieNamesFor(at("/api/dev/scratchpad/ide-token"))).containsExactly("portal_session");
        assertThat(browser.cookieNamesFor(in("scratchpad", "pad/"))).isEmpty();
    }

    @Test
    void openingTheScratchpadGoesThroughRedirectAssetsAndItsOwnCookie() throws Exception {
        signIn(browser, "ada");
        openIde("scratchpad");
        CookieJar.Cookie session = browser.cookie(in("scratchpad", ""), SESSION_COOKIE);
        assertThat(session.path()).isEqualTo(root("scratchpad"));
        assertThat(session.hostOnly()).as("no Domain: no other host receives it").isTrue();
        assertThat(session.domain()).isEqualTo(in("scratchpad", "").getHost());
        assertThat(session.httpOnly()).isTrue();
        assertThat(session.secure()).as("insecureForDevelopment: plain HTTP on loopback").isFalse();

        Response rootPage = browser.get(in("scratchpad", ""));
        assertThat(rootPage.statusCode()).isEqualTo(302);
        assertThat(rootPage.header("Location")).hasValue(root("scratchpad") + "pad/");

        Response page = browser.get(in("scratchpad", "pad/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("visit <strong id=\"visits\">1</strong>", "<code id=\"cookies\">(none)</code>",
                "X-Forwarded-Prefix: " + (hosts() ? "(none)" : "/__ide/scratchpad"),
                "Host: " + in("scratchpad", "").getRawAuthority());
        assertThat(page.headers("Set-Cookie")).singleElement().asString()
                .startsWith("pad_visits=1").contains("Path=" + root("scratchpad")).doesNotContainIgnoringCase("Domain");

        assertThat(browser.get(in("scratchpad", "pad/")).body())
                .contains("visit <strong id=\"visits\">2</strong>", "<code id=\"cookies\">pad_visits</code>");
        Response css = browser.get(in("scratchpad", "pad/pad.css"));
        assertThat(css.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(css.body()).contains("--pad-stylesheet: loaded");
        assertThat(browser.cookieNamesFor(at("/api/session"))).as("the portal receives neither workspace cookie")
                .contains("portal_session").doesNotContain("pad_visits", SESSION_COOKIE);
    }

    @Test
    void scratchpadEditsMakeARoundTripAndReachOtherEditors() throws Exception {
        signIn(browser, "ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket first = browser.openSocket(in("scratchpad", "ws"));
        CookieKeepingClient.Socket second = browser.openSocket(in("scratchpad", "ws"));
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
        signIn(browser, "ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket first = browser.openSocket(in("scratchpad", "ws"));
        first.awaitMessageContaining("\"type\":\"hello\"");
        first.send("1\nshared through the tunnel");
        first.awaitMessageContaining("shared through the tunnel");
        for (int i = 0; i < 30; i++) {
            CookieKeepingClient.Socket joining = browser.openSocket(in("scratchpad", "ws"));
            assertThat(joining.awaitMessageContaining("\"type\":\"hello\"")).as("hello on joiner %d", i).isNotNull();
            assertThat(joining.awaitMessageContaining("shared through the tunnel")).as("state on joiner %d", i)
                    .contains("\"type\":\"state\"");
            joining.close();
        }
        first.close();
    }

    @Test
    void theTerminalIsToldItsPublicPathAndKeepsIt() throws Exception {
        signIn(browser, "ada");
        openIde("terminal");

        assertThat(browser.get(in("terminal", "")).body()).contains("<title>Terminal");
        CookieKeepingClient.Socket shell = browser.openSocket(in("terminal", "pty"));
        assertThat(shell.awaitMessageContaining("connected")).contains("workspace at " + root("terminal") + "pty");
        shell.send("echo preserved");
        shell.awaitMessageContaining("preserved");
        shell.close();
    }

    @Test
    void theStoppedWorkspaceShowsDevproxysUnreachablePageAndTheStatusApiSaysWhy() throws Exception {
        signIn(browser, "ada");
        openIde("stopped");

        Response stopped = browser.get(in("stopped", ""));
        assertThat(stopped.statusCode()).isEqualTo(502);
        assertThat(stopped.body()).contains("Workspace unreachable").doesNotContain("127.0.0.1");
        assertThat(browser.get(at("/api/workspaces")).body())
                .contains("\"id\":\"scratchpad\"", "\"reachable\":true")
                .containsPattern("\"id\":\"stopped\".*\"reachable\":false");
    }

    /** Issue 26, finding 14: the list people copy shows where each workspace is for the browser, nothing more. */
    @Test
    void theWorkspaceListIsForSignedInPeopleAndNamesNoUpstreamAddress() throws Exception {
        Response anonymous = browser.get(at("/api/workspaces"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("scratchpad");

        signIn(browser, "ada");

        String list = browser.get(at("/api/workspaces")).body();
        assertThat(list).contains("\"url\":\"" + in("scratchpad", "") + "\"", "\"url\":\"" + in("terminal", "") + "\"");
        for (DemoWorkspace workspace : app.workspaces()) {
            assertThat(list).doesNotContain(workspace.target().baseUri().getAuthority());
        }
        assertThat(list).doesNotContain("127.0.0.1", "upstream");
    }

    @Test
    void withoutDevproxysCookieTheWorkspaceAnswers401() throws Exception {
        signIn(browser, "ada");
        openIde("scratchpad");
        browser.forget(SESSION_COOKIE);

        Response refused = browser.get(in("scratchpad", "pad/"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Sign-in required");
    }

    /** Issue 26, finding 3: signing out of the portal ends the IDE sessions it opened. */
    @Test
    void signingOutOfThePortalEndsItsIdeSessions() throws Exception {
        signIn(browser, "ada");
        openIde("scratchpad");
        assertThat(browser.get(in("scratchpad", "pad/")).statusCode()).isEqualTo(200);

        assertThat(browser.post(at("/api/session/sign-out")).statusCode()).isEqualTo(303);

        Response refused = browser.get(in("scratchpad", "pad/"));
        assertThat(refused.statusCode()).as("the IDE session, still in the browser's jar").isEqualTo(401);
    }

    @Test
    void aSpentLaunchUrlCannotBeUsedTwice() throws Exception {
        signIn(browser, "ada");
        URI url = launchUrl(browser, "scratchpad");
        assertThat(browser.followLaunch(url)).last().extracting(Response::statusCode).isEqualTo(302);

        List<Response> again = browser.followLaunch(url);
        assertThat(again).last().extracting(Response::statusCode).isEqualTo(401);
    }

    /** Issue 23, section 2: a launch URL minted for one browser gives another no session. */
    @Test
    void aLaunchUrlOpensNothingInAnotherBrowserAndStaysGoodForItsOwn() throws Exception {
        signIn(browser, "ada");
        URI url = launchUrl(browser, "scratchpad");
        try (CookieKeepingClient other = new CookieKeepingClient()) {
            signIn(other, "grace");

            List<Response> hops = other.followLaunch(url);

            assertThat(hops).last().extracting(Response::statusCode).isEqualTo(401);
            assertThat(hops.get(hops.size() - 1).body()).contains("Sign-in required");
            assertThat(other.allCookies()).extracting(CookieJar.Cookie::name).doesNotContain(SESSION_COOKIE);
            assertThat(other.get(in("scratchpad", "pad/")).statusCode()).isEqualTo(401);
        }
        assertThat(browser.followLaunch(url)).as("unspent: its own browser still gets in")
                .last().extracting(Response::statusCode).isEqualTo(302);
    }

    /** Host routing: on a workspace's host every path is the workspace's; the portal's routes are not there. */
    @Test
    void aWorkspacesOwnHostNeverServesThePortal() throws Exception {
        assumeTrue(hosts(), "host routing only: with path routing the portal and the workspaces share one origin");
        signIn(browser, "ada");
        openIde("scratchpad");

        Response session = browser.get(in("scratchpad", "api/session"));
        Response token = browser.post(in("scratchpad", "api/dev/scratchpad/ide-token"));

        assertThat(session.statusCode()).as("the scratchpad's own 404").isEqualTo(404);
        assertThat(session.body()).doesNotContain("signedIn");
        assertThat(token.body()).doesNotContain("\"token\"");
        browser.forget(SESSION_COOKIE);
        assertThat(browser.get(in("scratchpad", "api/session")).statusCode()).as("devproxy's 401").isEqualTo(401);
    }

    @Test
    void aPortalPageOpenedByAddressGoesToThePortalsHost() throws Exception {
        URI byAddress = URI.create("http://127.0.0.1:" + app.url().getPort() + "/status");

        Response moved = browser.get(byAddress);

        assertThat(moved.statusCode()).isEqualTo(307);
        assertThat(moved.header("Location")).hasValue(at("/status").toString());
    }

    @Test
    void closingTheDemoClosesLiveSocketsWithGoingAway() throws Exception {
        signIn(browser, "ada");
        openIde("scratchpad");
        CookieKeepingClient.Socket socket = browser.openSocket(in("scratchpad", "ws"));
        socket.awaitMessageContaining("\"type\":\"state\"");

        app.close();

        assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }
}

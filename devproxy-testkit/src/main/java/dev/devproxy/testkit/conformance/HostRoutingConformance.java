package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.Launch;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Host routing ({@code Routing.hosts}): every workspace at the root of its own origin, {@code <id>.ws.localhost}, the
 * application on {@code localhost}; the launch that crosses from one to the other works only in the browser it was
 * issued to. Each test configures {@link ConformanceContext#HOSTS}.
 */
public interface HostRoutingConformance extends Conformance {

    private ConformanceContext hosts() {
        return conformance().configure(b -> b.routing(ConformanceContext.HOSTS));
    }

    @Test
    default void theLaunchLandsAtTheRootOfTheWorkspacesOwnOriginWithAHostOnlyCookie() throws Exception {
        ConformanceContext c = hosts();
        Launch launch = c.launch("alpha");
        assertThat(launch.url()).startsWith(c.workspaceOrigin("alpha") + "/__devproxy/launch?token=").contains("&binding=");

        TestResponse onWorkspace = c.get(launch.url());
        assertThat(onWorkspace.status()).isEqualTo(303);
        assertThat(onWorkspace.header("Location")).startsWith("http://localhost:" + c.port() + "/api/dev/alpha/ide?token=")
                .contains("&state=");
        String state = onWorkspace.header("Set-Cookie");
        assertThat(state).startsWith("devproxy_session_launch=").contains("; Path=/;").contains("; HttpOnly")
                .contains("; SameSite=Lax").doesNotContainIgnoringCase("Domain");

        TestResponse onApplication = c.get(onWorkspace.header("Location"), "Cookie: " + launch.bindingCookie());
        assertThat(onApplication.status()).isEqualTo(303);
        assertThat(onApplication.header("Location")).startsWith(c.workspaceOrigin("alpha") + "/__devproxy/session?ticket=");
        assertThat(onApplication.header("Set-Cookie")).as("no session on the application's origin").isNull();
        assertThat(onApplication.header("Referrer-Policy")).isEqualTo("no-referrer");

        TestResponse session = c.get(onApplication.header("Location"), "Cookie: " + ConformanceContext.pair(state));
        assertThat(session.status()).isEqualTo(303);
        assertThat(session.header("Location")).isEqualTo("/");
        assertThat(session.header("Set-Cookie")).startsWith("devproxy_session=").contains("; Path=/;")
                .contains("; HttpOnly").doesNotContainIgnoringCase("Domain");
        assertThat(c.events().of(BootstrapAccepted.class)).hasSize(1);

        String cookie = ConformanceContext.pair(session.header("Set-Cookie"));
        TestResponse page = c.get(c.workspaceOrigin("alpha") + "/small?q=1", "Cookie: " + cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).isEqualTo("hello from alpha");
        assertThat(c.alpha().lastRequest().rawPath()).as("no prefix: the workspace owns the whole origin").isEqualTo("/small");
        assertThat(c.alpha().lastRequest().header("X-Forwarded-Host")).isEqualTo("alpha.ws.localhost:" + c.port());
        assertThat(c.alpha().lastRequest().header("X-Forwarded-Prefix")).as("no prefix to tell").isNull();
    }

    @Test
    default void aSecureLaunchUsesHostPrefixedCookies() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.routing(ConformanceContext.HOSTS)
                .cookie(dev.devproxy.CookieSettings.defaults()));
        Launch launch = c.launch("alpha");
        assertThat(launch.bindingCookie()).startsWith("__Host-devproxy_session_binding=");
        TestResponse onWorkspace = c.get(launch.url());
        assertThat(onWorkspace.header("Set-Cookie")).startsWith("__Host-devproxy_session_launch=").contains("; Secure")
                .contains("; Path=/;");
        TestResponse onApplication = c.get(onWorkspace.header("Location"), "Cookie: " + launch.bindingCookie());
        TestResponse session = c.get(onApplication.header("Location"),
                "Cookie: " + ConformanceContext.pair(onWorkspace.header("Set-Cookie")));
        assertThat(session.header("Set-Cookie")).startsWith("__Host-devproxy_session=").contains("; Secure")
                .contains("; Path=/;").doesNotContainIgnoringCase("Domain");
    }

    // Issue 23: the application's own routes are never served on a workspace's origin, where the workspace's content
    // could call them as the signed-in user.
    @Test
    default void aWorkspaceHostNeverServesTheApplicationsRoutes() throws Exception {
        ConformanceContext c = hosts();
        String alpha = c.workspaceOrigin("alpha");
        assertThat(c.get(alpha + "/app/hello").status()).as("without a session: devproxy's 401").isEqualTo(401);
        assertThat(c.request("POST", alpha + "/api/dev/beta/ide-token", null, "X-Test-User: alice").status())
                .as("the token endpoint is the application's").isEqualTo(401);
        String cookie = c.sessionCookie("alpha");
        TestResponse proxied = c.get(alpha + "/app/hello", "Cookie: " + cookie);
        assertThat(proxied.text()).isEqualTo("alpha GET /app/hello");
        TestResponse tokenPath = c.request("POST", alpha + "/api/dev/beta/ide-token", null, "Cookie: " + cookie,
                "X-Test-User: alice");
        assertThat(tokenPath.text()).isEqualTo("alpha POST /api/dev/beta/ide-token");
        assertThat(c.events().of(dev.devproxy.event.TokenIssued.class)).as("only the one launch of sessionCookie")
                .hasSize(1);
    }

    @Test
    default void theApplicationKeepsEveryHostThatIsNoWorkspaces() throws Exception {
        ConformanceContext c = hosts();
        assertThat(c.get(c.hostUri("localhost", "/app/hello")).text()).isEqualTo("host app");
        assertThat(c.get(c.hostUri("other.localhost", "/app/hello")).text()).isEqualTo("host app");
        assertThat(c.get("/app/hello").text()).as("by address").isEqualTo("host app");
        assertThat(c.get(c.hostUri("localhost", "/__ide/alpha/small")).status())
                .as("no shared-origin tunnel unless configured").isEqualTo(404);
    }

    @Test
    default void hostsOfThePatternsShapeWithoutARoutableIdAre404AndNeverTheApplications() throws Exception {
        ConformanceContext c = hosts();
        for (String host : new String[] {"a.b.ws.localhost", "bad_id.ws.localhost", "-x.ws.localhost",
            "x".repeat(64) + ".ws.localhost"}) {
            // Raw, as java.net.URI refuses some of these hosts; a browser would send whatever the link names.
            TestResponse response = c.raw("GET /app/hello HTTP/1.1\r\nHost: " + host + ":" + c.port()
                    + "\r\nConnection: close\r\n\r\n");
            // Tomcat's connector refuses a host name with '_' itself (400) before any filter runs.
            assertThat(response.status()).as(host).isIn(400, 404);
            assertThat(response.text()).as(host).doesNotContain("host app");
        }
        assertThat(c.alpha().requests()).isEmpty();
    }

    // No existence oracle: a workspace that does not exist answers like one the caller has no session for.
    @Test
    default void anUnknownWorkspaceHostAnswersLikeAMissingSession() throws Exception {
        ConformanceContext c = hosts();
        TestResponse unknown = c.get(c.hostUri("nosuch.ws.localhost", "/"));
        TestResponse known = c.get(c.hostUri("alpha.ws.localhost", "/"));
        assertThat(unknown.status()).isEqualTo(401).isEqualTo(known.status());
        assertThat(unknown.text()).isEqualTo(known.text());
        assertThat(c.resolver().calls()).isZero();
    }

    @Test
    default void oneWorkspacesSessionOpensNoOtherWorkspace() throws Exception {
        ConformanceContext c = hosts();
        String cookie = c.sessionCookie("alpha");
        assertThat(c.get(c.workspaceOrigin("beta") + "/small", "Cookie: " + cookie).status()).isEqualTo(401);
        assertThat(c.upgradeStatus(c.workspaceOrigin("beta").replace("http:", "ws:") + "/ws/echo", cookie,
                c.workspaceOrigin("beta"))).isEqualTo(401);
        assertThat(c.beta().requests()).isEmpty();
    }

    @Test
    default void webSocketsRelayOnTheWorkspacesOwnOrigin() throws Exception {
        ConformanceContext c = hosts();
        SocketProbe socket = c.openSocket(c.workspaceOrigin("alpha").replace("http:", "ws:") + "/ws/echo",
                c.sessionCookie("alpha"));
        socket.send("on its own origin");
        assertThat(socket.nextText()).isEqualTo("on its own origin");
        assertThat(c.alpha().lastRequest().rawPath()).isEqualTo("/ws/echo");
    }

    // Issue 23: a page of the application's origin, or of another workspace, must not open a socket into this
    // workspace; nor may a page of the same host under another scheme (issue 26, finding 12).
    @Test
    default void aWebSocketsOriginMustBeTheWorkspacesOwnSchemeHostAndPort() throws Exception {
        ConformanceContext c = hosts();
        String cookie = c.sessionCookie("alpha");
        String socket = c.workspaceOrigin("alpha").replace("http:", "ws:") + "/ws/echo";
        assertThat(c.upgradeStatus(socket, cookie, "http://localhost:" + c.port())).as("the application").isEqualTo(403);
        assertThat(c.upgradeStatus(socket, cookie, c.workspaceOrigin("beta"))).as("a sibling").isEqualTo(403);
        assertThat(c.upgradeStatus(socket, cookie, c.workspaceOrigin("alpha").replace("http:", "https:")))
                .as("another scheme").isEqualTo(403);
        assertThat(c.upgradeStatus(socket, cookie, "http://alpha.ws.localhost:1")).as("another port").isEqualTo(403);
        assertThat(c.alpha().requests()).isEmpty();
        assertThat(c.upgradeStatus(socket, cookie, c.workspaceOrigin("alpha"))).isEqualTo(101);
    }

    // Issue 23: a workspace must never set cookies for its siblings or the parent domain.
    @Test
    default void upstreamCookiesStayOnTheWorkspacesOwnHost() throws Exception {
        ConformanceContext c = hosts();
        TestResponse response = c.get(c.workspaceOrigin("alpha") + "/respond?h="
                + URLEncoder.encode("Set-Cookie:planted=1; Domain=ws.localhost; Path=/", StandardCharsets.UTF_8) + "&h="
                + URLEncoder.encode("Set-Cookie:other=2; domain=.localhost", StandardCharsets.UTF_8) + "&h="
                + URLEncoder.encode("Set-Cookie:devproxy_session=forged; Path=/", StandardCharsets.UTF_8) + "&h="
                + URLEncoder.encode("Set-Cookie:__Host-devproxy_session_binding=forged; Path=/; Secure", StandardCharsets.UTF_8),
                "Cookie: " + c.sessionCookie("alpha"));
        assertThat(response.headers("Set-Cookie")).containsExactly("planted=1; Path=/", "other=2; Path=/");
    }

    // Workspace hosts under one domain are one site: a browser attaches a workspace's Lax cookie to requests a
    // sibling workspace's page makes. Only navigations from other origins reach the workspace.
    @Test
    default void aSiblingsPageCannotReachIntoAWorkspaceWithItsCookie() throws Exception {
        ConformanceContext c = hosts();
        String cookie = "Cookie: " + c.sessionCookie("alpha");
        String url = c.workspaceOrigin("alpha") + "/small";
        TestResponse fetch = c.get(url, cookie, "Sec-Fetch-Site: same-site", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty");
        assertThat(fetch.status()).isEqualTo(403);
        TestResponse formPost = c.request("POST", c.workspaceOrigin("alpha") + "/echo", "x=1".getBytes(StandardCharsets.UTF_8),
                cookie, "Sec-Fetch-Site: same-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document");
        assertThat(formPost.status()).isEqualTo(403);
        TestResponse embed = c.get(url, cookie, "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: embed");
        assertThat(embed.status()).isEqualTo(403);
        assertThat(c.alpha().requests()).as("none of them reached the workspace").isEmpty();
        assertThat(c.get(url, cookie, "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document")
                .status()).as("a link from the portal").isEqualTo(200);
        assertThat(c.get(url, cookie, "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors").status()).isEqualTo(200);
        assertThat(c.get(url, cookie).status()).as("no Fetch Metadata: not a browser that sends it").isEqualTo(200);
    }

    // Issue 23: the attack page minted a launch for the victim's workspace through the token endpoint, as the
    // signed-in victim. The token endpoint answers only the application's own pages.
    @Test
    default void theTokenEndpointRefusesPagesOfOtherOrigins() throws Exception {
        ConformanceContext c = hosts();
        String endpoint = c.applicationUri("/api/dev/beta/ide-token");
        assertThat(c.request("POST", endpoint, null, "X-Test-User: alice", "Origin: " + c.workspaceOrigin("alpha"))
                .status()).as("a workspace's page").isEqualTo(403);
        assertThat(c.request("POST", endpoint, null, "X-Test-User: alice", "Sec-Fetch-Site: same-site").status())
                .isEqualTo(403);
        assertThat(c.request("POST", endpoint, null, "X-Test-User: alice", "Origin: http://localhost:" + c.port())
                .status()).as("the application's own page").isEqualTo(200);
        assertThat(c.events().of(dev.devproxy.event.TokenIssued.class)).hasSize(1);
    }

    @Test
    default void theServiceWorkerScopeIsTheWorkspaceOriginsRoot() throws Exception {
        ConformanceContext c = hosts();
        TestResponse response = c.get(c.workspaceOrigin("alpha") + "/respond/sw.js?h="
                + URLEncoder.encode("Service-Worker-Allowed:/", StandardCharsets.UTF_8), "Cookie: " + c.sessionCookie("alpha"));
        assertThat(response.header("Service-Worker-Allowed")).isEqualTo("/");
    }

    // Issue 23, section 2: a link minted for one browser never logs another browser in, on either origin.
    @Test
    default void aLaunchLinkOpenedInAnotherBrowserStopsOnTheApplicationsOriginUnspent() throws Exception {
        ConformanceContext c = hosts();
        Launch minted = c.launch("alpha");
        TestResponse onWorkspace = c.get(minted.url());
        assertThat(onWorkspace.status()).as("the workspace's host cannot tell yet").isEqualTo(303);
        TestResponse onApplication = c.get(onWorkspace.header("Location"));
        assertThat(onApplication.status()).as("no binding cookie").isEqualTo(401);
        assertThat(onApplication.header("Location")).isNull();
        assertThat(c.events().of(BootstrapRejected.class)).extracting(BootstrapRejected::reason)
                .containsExactly(RejectionReason.NOT_BOUND);
        TestResponse byItsOwner = c.get(onWorkspace.header("Location"), "Cookie: " + minted.bindingCookie());
        assertThat(byItsOwner.status()).as("still unspent for the browser it was issued to").isEqualTo(303);
    }

    @Test
    default void aTicketCopiedIntoAnotherBrowserOpensNothing() throws Exception {
        ConformanceContext c = hosts();
        Launch launch = c.launch("alpha");
        TestResponse onWorkspace = c.get(launch.url());
        String ticketUrl = c.get(onWorkspace.header("Location"), "Cookie: " + launch.bindingCookie()).header("Location");
        TestResponse elsewhere = c.get(ticketUrl);
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.header("Set-Cookie")).isNull();
        TestResponse anotherState = c.get(ticketUrl, "Cookie: "
                + ConformanceContext.pair(c.get(c.launch("alpha").url()).header("Set-Cookie")));
        assertThat(anotherState.status()).as("another browser's launch state").isEqualTo(401);
        String state = ConformanceContext.pair(onWorkspace.header("Set-Cookie"));
        assertThat(c.get(ticketUrl, "Cookie: " + state).status()).isEqualTo(303);
        assertThat(c.get(ticketUrl, "Cookie: " + state).status()).as("a ticket opens once").isEqualTo(401);
    }

    @Test
    default void aLaunchForAnotherWorkspaceStopsOnTheWorkspacesHost() throws Exception {
        ConformanceContext c = hosts();
        Launch beta = c.launch("beta");
        TestResponse response = c.get(beta.url().replace("beta.ws.localhost", "alpha.ws.localhost"),
                "Cookie: " + beta.bindingCookie());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Set-Cookie")).isNull();
        assertThat(c.events().of(BootstrapRejected.class)).extracting(BootstrapRejected::reason)
                .containsExactly(RejectionReason.WRONG_WORKSPACE);
    }

    @Test
    default void theApplicationsBootstrapRouteAloneStartsNoSession() throws Exception {
        ConformanceContext c = hosts();
        Launch launch = c.launch("alpha");
        String query = launch.url().substring(launch.url().indexOf('?'));
        TestResponse direct = c.get(c.applicationUri("/api/dev/alpha/ide" + query), "Cookie: " + launch.bindingCookie());
        assertThat(direct.status()).as("a launch starts on the workspace's host").isEqualTo(400);
        assertThat(direct.header("Set-Cookie")).isNull();
    }

    @Test
    default void theReservedPathIsNeverProxiedInAnySpelling() throws Exception {
        ConformanceContext c = hosts();
        String cookie = c.sessionCookie("alpha");
        int before = c.alpha().requests().size();
        for (String path : new String[] {"/__devproxy/", "/__devproxy/anything", "/%5F%5Fdevproxy/session?ticket=x",
            "/__devproxy"}) {
            TestResponse response = c.get(c.workspaceOrigin("alpha") + path, "Cookie: " + cookie);
            assertThat(response.status()).as(path).isIn(401, 404);
        }
        assertThat(c.alpha().requests()).hasSize(before);
    }

    @Test
    default void aReturnPathStaysOnTheWorkspacesOrigin() throws Exception {
        ConformanceContext c = hosts();
        Launch launch = c.launch("alpha");
        TestResponse refused = c.get(launch.url() + "&return=" + URLEncoder.encode("//evil.example/", StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(400);
        TestResponse onWorkspace = c.get(launch.url() + "&return=/notebooks/x.ipynb");
        TestResponse onApplication = c.get(onWorkspace.header("Location"), "Cookie: " + launch.bindingCookie());
        TestResponse session = c.get(onApplication.header("Location"),
                "Cookie: " + ConformanceContext.pair(onWorkspace.header("Set-Cookie")));
        assertThat(session.header("Location")).isEqualTo("/notebooks/x.ipynb");
    }

    @Test
    default void theTokenEndpointRefusesIdsThatAreNoDnsLabel() throws Exception {
        ConformanceContext c = hosts();
        c.resolver().put("Upper_Case", dev.devproxy.Target.strip(c.alpha().uri()));
        assertThat(c.request("POST", c.applicationUri("/api/dev/Upper_Case/ide-token"), null, "X-Test-User: alice")
                .status()).isEqualTo(404);
    }

    // X-Forwarded-Host would let any client claim any workspace's host: believed only from configured proxies.
    @Test
    default void forwardedHostCountsOnlyFromTrustedProxies() throws Exception {
        ConformanceContext c = hosts();
        String forged = "X-Forwarded-Host: alpha.ws.localhost:" + c.port();
        assertThat(c.get(c.hostUri("localhost", "/app/hello"), forged).text()).isEqualTo("host app");
    }

    @Test
    default void forwardedHostFromATrustedProxyPicksTheWorkspace() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.routing(ConformanceContext.HOSTS).trustedProxies("127.0.0.1"));
        TestResponse response = c.get(c.hostUri("localhost", "/app/hello"), "X-Forwarded-Host: alpha.ws.localhost:" + c.port());
        assertThat(response.status()).as("the workspace's, without a session").isEqualTo(401);
    }
}

package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieJar;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.examples.testing.CookieKeepingClient.Response;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.TestTokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OwnTokenEndpointTest {
    private static final OwnTokenEndpoint.Users USERS = apiKey -> Optional.ofNullable(Map.of(
            "key-ada", new OwnTokenEndpoint.User("ada", "ws-ada"),
            "key-bob", new OwnTokenEndpoint.User("bob", "ws-bob")).get(apiKey));

    @Test
    void theApplicationsEndpointIssuesLaunchUrlsBehindItsOwnAuthForTheWorkspacesOwnHost() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start("ws-ada"); CookieKeepingClient browser = new CookieKeepingClient()) {
            upstream.forbid("devproxy_session");
            upstream.forbid("key-ada");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WorkspaceId.of("ws-ada"), "ada", Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder().routing(Launches.HOSTS).resolver(registry).tokens(TestTokens.tokens())
                    .build();
            try (SampleServer server = SampleServer.start(proxy, "/api/workspaces/*", new OwnTokenEndpoint(proxy, USERS))) {
                URI open = server.uri("/api/workspaces/ws-ada/open");
                assertThat(browser.post(open).statusCode()).isEqualTo(401);
                assertThat(browser.post(open, "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
                assertThat(browser.post(open, "Authorization", "Bearer key-bob").statusCode())
                        .as("not bob's: looks like it does not exist").isEqualTo(404);
                // Without a LaunchAuthorizer devproxy leaves /api/dev/{id}/ide-token to the application (here
                // nothing serves it): only the application's endpoint issues tokens.
                Response devproxyEndpoint = browser.post(server.uri("/api/dev/ws-ada/ide-token"),
                        "Authorization", "Bearer key-ada");
                assertThat(devproxyEndpoint.statusCode()).isNotEqualTo(200);
                assertThat(devproxyEndpoint.body()).doesNotContain("\"token\"");

                Response issued = browser.post(open, "Authorization", "Bearer key-ada");
                assertThat(issued.statusCode()).isEqualTo(200);
                assertThat(issued.header("Cache-Control")).hasValue("no-store");
                assertThat(issued.headers("Set-Cookie")).as("the browser binding, set by issueLaunch (Secure by default)")
                        .singleElement().asString().startsWith("__Host-devproxy_session_binding=").contains("HttpOnly");
                URI workspace = Launches.workspace("ws-ada", server.port());
                Matcher url = Pattern.compile("\\{\"url\":\"(" + Pattern.quote(workspace.toString())
                        + "/__devproxy/launch\\?token=[^\"]+&binding=[^\"]+)\"}").matcher(issued.body());
                assertThat(url.matches()).as(issued.body()).isTrue();

                Launches.open(browser, URI.create(url.group(1)), workspace);
                assertThat(browser.get(workspace.resolve("/small")).body()).isEqualTo("hello from ws-ada");
                upstream.assertClean();
            }
        }
    }

    @Test
    void aLaunchUrlFromTheEndpointOpensNothingInAnotherBrowser() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start("ws-ada"); CookieKeepingClient ada = new CookieKeepingClient();
                CookieKeepingClient other = new CookieKeepingClient()) {
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WorkspaceId.of("ws-ada"), "ada", Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder().routing(Launches.HOSTS).resolver(registry).tokens(TestTokens.tokens())
                    .build();
            try (SampleServer server = SampleServer.start(proxy, "/api/workspaces/*", new OwnTokenEndpoint(proxy, USERS))) {
                URI launch = Launches.urlIn(ada.post(server.uri("/api/workspaces/ws-ada/open"),
                        "Authorization", "Bearer key-ada").body());

                List<Response> hops = other.followLaunch(launch);

                assertThat(hops).last().extracting(Response::statusCode).isEqualTo(401);
                assertThat(other.allCookies()).extracting(CookieJar.Cookie::name).doesNotContain("devproxy_session");
                Launches.open(ada, launch, Launches.workspace("ws-ada", server.port()));
            }
        }
    }
}

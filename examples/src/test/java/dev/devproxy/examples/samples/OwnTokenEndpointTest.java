package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.testing.CookieKeepingClient;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.TestTokens;
import java.net.http.HttpResponse;
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
    void theApplicationsEndpointIssuesLaunchUrlsBehindItsOwnAuth() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start("ws-ada")) {
            upstream.forbid("devproxy_session=");
            upstream.forbid("key-ada");
            InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
            registry.register(WorkspaceId.of("ws-ada"), Target.strip(upstream.uri()));
            DevProxy proxy = DevProxy.builder().resolver(registry).tokens(TestTokens.tokens()).build();
            try (SampleServer server = SampleServer.start(proxy, "/api/workspaces/*", new OwnTokenEndpoint(proxy, USERS))) {
                CookieKeepingClient browser = new CookieKeepingClient();

                assertThat(browser.post(server.uri("/api/workspaces/ws-ada/open")).statusCode()).isEqualTo(401);
                assertThat(browser.post(server.uri("/api/workspaces/ws-ada/open"), "Authorization", "Bearer nope")
                        .statusCode()).isEqualTo(401);
                assertThat(browser.post(server.uri("/api/workspaces/ws-ada/open"), "Authorization", "Bearer key-bob")
                        .statusCode()).as("not bob's: looks like it does not exist").isEqualTo(404);
                // Without a LaunchAuthorizer devproxy leaves /api/dev/{id}/ide-token to the application (here
                // nothing serves it, so Jetty answers 405): only the application's endpoint issues tokens.
                HttpResponse<String> devproxyEndpoint = browser.post(server.uri("/api/dev/ws-ada/ide-token"),
                        "Authorization", "Bearer key-ada");
                assertThat(devproxyEndpoint.statusCode()).isNotEqualTo(200);
                assertThat(devproxyEndpoint.body()).doesNotContain("\"token\"");

                HttpResponse<String> open = browser.post(server.uri("/api/workspaces/ws-ada/open"),
                        "Authorization", "Bearer key-ada");
                assertThat(open.statusCode()).isEqualTo(200);
                assertThat(open.headers().firstValue("Cache-Control")).hasValue("no-store");
                Matcher url = Pattern.compile("\\{\"url\":\"(/api/dev/ws-ada/ide\\?token=[^\"]+)\"}").matcher(open.body());
                assertThat(url.matches()).as(open.body()).isTrue();

                assertThat(browser.get(server.uri(url.group(1))).statusCode()).isEqualTo(303);
                assertThat(browser.get(server.uri("/__ide/ws-ada/small")).body()).isEqualTo("hello from ws-ada");
                upstream.assertClean();
            }
        }
    }
}

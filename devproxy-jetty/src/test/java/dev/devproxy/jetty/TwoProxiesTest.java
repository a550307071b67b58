package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Two DevProxy instances in one JVM and one context: no static state, no shared cookies. */
class TwoProxiesTest {

    @Test
    void twoProxiesWithTheirOwnPrefixesServeSideBySide() throws Exception {
        try (FakeUpstream one = FakeUpstream.start("one"); FakeUpstream two = FakeUpstream.start("two")) {
            DevProxy first = proxy("/__ide", "/api/dev", new FixedResolver().put("ws", Target.strip(one.uri())));
            DevProxy second = proxy("/__ide2", "/api/dev2", new FixedResolver().put("ws", Target.strip(two.uri())));
            try (ProxyServer.Running server = JettyServers.start(first, second)) {
                String cookieOne = bootstrap(server.uri(), first, "/api/dev");
                String cookieTwo = bootstrap(server.uri(), second, "/api/dev2");
                assertThat(get(server.uri(), "/__ide/ws/small", cookieOne).body()).isEqualTo("hello from one");
                assertThat(get(server.uri(), "/__ide2/ws/small", cookieTwo).body()).isEqualTo("hello from two");
                // Each proxy signs its sessions with its own key: one's cookie does not open the other's tunnel.
                assertThat(get(server.uri(), "/__ide2/ws/small", cookieOne.replace("__ide", "__ide2")).statusCode())
                        .isEqualTo(401);
            }
        }
    }

    private static DevProxy proxy(String tunnel, String bootstrap, FixedResolver resolver) {
        return DevProxy.builder().routing(Routing.sharedOrigin(tunnel)).launchBinding(LaunchBinding.NONE).bootstrapPrefix(bootstrap).resolver(resolver)
                .tokens(TestTokens.tokens()).cookie(CookieSettings.builder().insecureForDevelopment().build()).build();
    }

    private static String bootstrap(URI base, DevProxy proxy, String prefix) throws Exception {
        String url = proxy.issueLaunch("bob", WorkspaceId.of("ws")).url();
        assertThat(url).startsWith(prefix + "/ws/ide?token=");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> get(URI base, String path, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

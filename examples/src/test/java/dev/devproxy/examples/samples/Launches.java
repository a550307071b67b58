package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Routing;
import dev.devproxy.examples.testing.CookieKeepingClient;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the samples' tests share: their host routing, and opening a launch URL as the browser would. */
final class Launches {
    /** Host routing on loopback: workspace {@code ID} at {@code ID.ide.localhost}, the application on {@code localhost}. */
    static final Routing HOSTS = Routing.hosts("{id}.ide.localhost", "localhost");
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    private Launches() {
    }

    /** The {@code url} of a launch answer (devproxy's token endpoint or an application's own). */
    static URI urlIn(String json) {
        Matcher url = URL.matcher(json);
        assertThat(url.find()).as("a launch URL in %s", json).isTrue();
        return URI.create(url.group(1));
    }

    /** The origin of workspace {@code id} on {@code port}, e.g. {@code http://ws-1.ide.localhost:41234}. */
    static URI workspace(String id, int port) {
        return URI.create("http://" + id + ".ide.localhost:" + port);
    }

    /** Opens {@code launch} in {@code browser} and checks that it landed at the root of {@code workspace}'s origin. */
    static void open(CookieKeepingClient browser, URI launch, URI workspace) throws Exception {
        List<CookieKeepingClient.Response> hops = browser.followLaunch(launch);
        assertThat(hops).as("the launch's three 303s across origins, then the workspace").hasSize(4);
        assertThat(CookieKeepingClient.landing(launch, hops)).isEqualTo(workspace.resolve("/"));
    }
}

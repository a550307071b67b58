package dev.devproxy.redis.fleet;

import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A browser stand-in for the multi-node test: it resolves {@code localhost} and {@code *.localhost} to loopback as
 * browsers do, keeps no cookies (the test passes them, to show which ones travel), follows no redirects, and opens
 * WebSockets with the page's {@code Origin}. Every wait has a timeout.
 */
final class FleetBrowser implements AutoCloseable {
    private static final Pattern JSON_STRING = Pattern.compile("\"(token|url)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A launch as the token endpoint answered it, and the browser's binding cookie. */
    record Launch(String token, String url, String bindingCookie) {
    }

    /** The launch's step on the application's host, which spends the token, and the workspace host's state cookie. */
    record SpendStep(String url, String stateCookie) {
    }

    private final HttpClient http = new HttpClient();
    private final WebSocketClient webSockets;

    FleetBrowser() throws Exception {
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setSocketAddressResolver(FleetBrowser::resolveLikeABrowser);
        http.setMaxConnectionsPerDestination(128);
        http.start();
        webSockets = new WebSocketClient(http);
        webSockets.start();
    }

    TestResponse get(String url, String... headers) throws Exception {
        return send("GET", url, headers);
    }

    TestResponse post(String url, String... headers) throws Exception {
        return send("POST", url, headers);
    }

    TestResponse send(String method, String url, String... headers) throws Exception {
        Request request = http.newRequest(URI.create(url)).method(method).timeout(10, TimeUnit.SECONDS);
        request.headers(fields -> {
            for (String header : headers) {
                int colon = header.indexOf(':');
                fields.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
        });
        ContentResponse response = request.send();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            fields.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return new TestResponse(response.getStatus(), fields, response.getContent());
    }

    /** Asks the token endpoint behind {@code port} for a launch of {@code workspace} as {@code user}. */
    Launch launch(int port, String workspace, String user) throws Exception {
        TestResponse response = post("http://localhost:" + port + "/api/dev/" + workspace + "/ide-token",
                "X-Test-User: " + user);
        expect(response, 200, "the token endpoint");
        String token = null;
        String url = null;
        Matcher field = JSON_STRING.matcher(response.text());
        while (field.find()) {
            if (field.group(1).equals("token")) {
                token = field.group(2);
            } else {
                url = field.group(2);
            }
        }
        String binding = response.headers("Set-Cookie").stream().filter(c -> c.contains("_binding="))
                .map(FleetBrowser::pair).findFirst().orElseThrow();
        return new Launch(token, url, binding);
    }

    /** Opens the launch URL on the workspace's host: the step it redirects to, on the application's host. */
    SpendStep startLaunch(Launch launch) throws Exception {
        TestResponse onWorkspace = expect(get(launch.url()), 303, "the launch on the workspace's host");
        return new SpendStep(onWorkspace.header("Location"), pair(onWorkspace.header("Set-Cookie")));
    }

    /** The step on the application's host (which spends the token), sent to {@code port}. */
    TestResponse spend(Launch launch, SpendStep step, int port) throws Exception {
        return get(withPort(step.url(), port), "Cookie: " + launch.bindingCookie());
    }

    /** A whole launch through {@code port} (the load balancer's): the session cookie of the workspace's host. */
    String session(int port, String workspace, String user) throws Exception {
        Launch launch = launch(port, workspace, user);
        SpendStep step = startLaunch(launch);
        TestResponse spent = expect(spend(launch, step, port), 303, "the launch on the application's host");
        TestResponse session = expect(get(spent.header("Location"), "Cookie: " + step.stateCookie()), 303,
                "the session on the workspace's host");
        return pair(session.header("Set-Cookie"));
    }

    /** Opens a WebSocket to {@code path} of {@code workspace}'s host behind {@code port}, as its page would. */
    SocketProbe openSocket(int port, String workspace, String path, String cookie) throws Exception {
        String origin = "http://" + workspace + ".ws.localhost:" + port;
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(URI.create("ws://" + workspace + ".ws.localhost:"
                + port + path));
        upgrade.setHeader("Origin", origin);
        upgrade.setHeader("Cookie", cookie);
        SocketProbe probe = new SocketProbe();
        webSockets.connect(probe, upgrade).get(10, TimeUnit.SECONDS);
        return probe;
    }

    static String withPort(String url, int port) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static String pair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }

    static TestResponse expect(TestResponse response, int status, String what) {
        if (response.status() != status) {
            throw new AssertionError(what + " answered " + response.status() + " (expected " + status + "): "
                    + response.text());
        }
        return response;
    }

    private static void resolveLikeABrowser(String host, int port, Map<String, Object> context,
            Promise<List<InetSocketAddress>> promise) {
        String name = host.toLowerCase(Locale.ROOT);
        String address = name.equals("localhost") || name.endsWith(".localhost") ? "127.0.0.1" : host;
        promise.succeeded(List.of(new InetSocketAddress(address, port)));
    }

    @Override
    public void close() throws Exception {
        webSockets.stop();
        http.stop();
    }
}

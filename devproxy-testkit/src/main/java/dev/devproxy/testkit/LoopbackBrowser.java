package dev.devproxy.testkit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A test browser for host routing: real sockets to 127.0.0.1, with {@code localhost} and every {@code *.localhost}
 * name resolved to loopback as browsers do (the JVM's resolver does not), no cookie store and no redirects followed,
 * so that every step of a launch is visible.
 */
public final class LoopbackBrowser implements AutoCloseable {
    private final HttpClient http = new HttpClient();
    private final WebSocketClient webSockets;

    /** Starts the browser's HTTP and WebSocket clients. */
    public LoopbackBrowser() throws Exception {
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setSocketAddressResolver((host, port, context, promise) -> {
            String name = host.toLowerCase(Locale.ROOT);
            String address = name.equals("localhost") || name.endsWith(".localhost") ? "127.0.0.1" : host;
            promise.succeeded(List.of(new InetSocketAddress(address, port)));
        });
        http.start();
        webSockets = new WebSocketClient(http);
        webSockets.start();
    }

    /** GETs {@code url} with {@code headers} ({@code "Name: value"}); waits up to 20 s. */
    public TestResponse get(String url, String... headers) throws Exception {
        return send(http.newRequest(URI.create(url)).method("GET"), headers);
    }

    /** POSTs {@code body} to {@code url} with {@code headers} ({@code "Name: value"}); waits up to 20 s. */
    public TestResponse post(String url, String body, String... headers) throws Exception {
        return send(http.newRequest(URI.create(url)).method("POST").body(new StringRequestContent(body)), headers);
    }

    private static TestResponse send(Request request, String... headers) throws Exception {
        request.timeout(20, TimeUnit.SECONDS).headers(fields -> {
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

    /** Opens a WebSocket to {@code url} from a page of {@code origin}, with {@code cookie}; waits up to 15 s. */
    public SocketProbe openSocket(String url, String origin, String cookie) throws Exception {
        SocketProbe probe = new SocketProbe();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(URI.create(url));
        upgrade.setHeader("Origin", origin);
        upgrade.setHeader("Cookie", cookie);
        webSockets.connect(probe, upgrade).get(15, TimeUnit.SECONDS);
        return probe;
    }

    /** The {@code name=value} of a {@code Set-Cookie} value. */
    public static String pair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }

    @Override
    public void close() throws Exception {
        webSockets.stop();
        http.stop();
    }
}

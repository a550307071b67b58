package dev.devproxy.examples.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * An HTTP client that behaves like one browser where the launch flow can tell: it keeps cookies by host and path
 * ({@link CookieJar}), sends {@code Origin} on WebSocket handshakes, resolves {@code localhost} and every
 * {@code *.localhost} name to 127.0.0.1 as browsers do (the JVM's resolver knows none of them), and shows every
 * redirect instead of following it, so tests can check each step. Jetty's client rather than the JDK's: the JDK's
 * can neither resolve {@code *.localhost} nor send the {@code Host} header itself.
 */
public final class CookieKeepingClient implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    /** One response: status, headers by lower-case name, body as text. */
    public record Response(int statusCode, Map<String, List<String>> headers, String body) {
        /** The first value of header {@code name}. */
        public Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        /** Every value of header {@code name}. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final CookieJar cookies = new CookieJar();
    private final HttpClient http = new HttpClient();
    private final WebSocketClient webSockets = new WebSocketClient(http);

    /** A client with an empty cookie jar. */
    public CookieKeepingClient() {
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());    // the jar below is the only one
        http.setSocketAddressResolver(CookieKeepingClient::resolveLikeABrowser);
        try {
            http.start();
            // A 401 is an answer to look at, as in a browser, not a challenge to answer (Jetty's client fails a 401
            // whose sender, like many applications, names no WWW-Authenticate scheme). Installed by start().
            http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
            webSockets.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test's HTTP client", e);
        }
    }

    /** {@code GET uri}. */
    public Response get(URI uri) throws Exception {
        return send(uri, http.newRequest(uri).method("GET"));
    }

    /** {@code POST uri} with {@code headers} (name, value, ...) and an empty body. */
    public Response post(URI uri, String... headers) throws Exception {
        Request request = http.newRequest(uri).method("POST");
        request.headers(fields -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                fields.add(headers[i], headers[i + 1]);
            }
        });
        return send(uri, request);
    }

    /** {@code POST uri} with a form body. */
    public Response postForm(URI uri, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(uri, http.newRequest(uri).method("POST")
                .body(new StringRequestContent("application/x-www-form-urlencoded", body)));
    }

    /**
     * Opens a launch URL as a browser does: follows its {@code 303}s (one with shared-origin routing, three across
     * origins with host routing), keeping each hop's cookies, and returns every response in order. The last one is
     * the first that is not a 303: the caller checks it.
     */
    public List<Response> followLaunch(URI launchUrl) throws Exception {
        List<Response> hops = new ArrayList<>();
        URI next = launchUrl;
        for (int i = 0; i < 5; i++) {
            Response response = get(next);
            hops.add(response);
            if (response.statusCode() != 303) {
                return hops;
            }
            next = next.resolve(response.header("Location").orElseThrow(() -> new AssertionError("303 without Location")));
        }
        throw new AssertionError("more than 4 redirects from " + launchUrl);
    }

    /** Where the last 303 of {@code hops} pointed, resolved against {@code start}: where the launch landed. */
    public static URI landing(URI start, List<Response> hops) {
        URI at = start;
        for (Response hop : hops) {
            if (hop.statusCode() == 303) {
                at = at.resolve(hop.header("Location").orElseThrow());
            }
        }
        return at;
    }

    /** The names of the cookies this client would send to {@code uri}. */
    public List<String> cookieNamesFor(URI uri) {
        return cookies.cookiesFor(uri).stream().map(CookieJar.Cookie::name).sorted().toList();
    }

    /** The cookie named {@code name} this client would send to {@code uri}. */
    public CookieJar.Cookie cookie(URI uri, String name) {
        return cookies.cookiesFor(uri).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " for " + uri));
    }

    /** Every cookie this client holds, for any host. */
    public List<CookieJar.Cookie> allCookies() {
        return cookies.all();
    }

    /** Forgets the cookie named {@code name}, as a person clearing it in the browser would. */
    public void forget(String name) {
        cookies.remove(name);
    }

    /**
     * Opens a WebSocket to the {@code http://} address {@code uri}, with this client's cookies and, as a page of
     * {@code uri}'s own origin would, that origin as {@code Origin}.
     */
    public Socket openSocket(URI uri) throws Exception {
        return openSocket(uri, uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** Like {@link #openSocket(URI)} from a page of {@code origin}. */
    public Socket openSocket(URI uri, String origin) throws Exception {
        Socket socket = new Socket();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(URI.create(uri.toString().replaceFirst("^http", "ws")));
        upgrade.setHeader("Origin", origin);
        String cookieHeader = cookies.header(uri);
        if (cookieHeader != null) {
            upgrade.setHeader("Cookie", cookieHeader);
        }
        webSockets.connect(socket, upgrade).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return socket;
    }

    private Response send(URI uri, Request request) throws Exception {
        String cookieHeader = cookies.header(uri);
        if (cookieHeader != null) {
            request.headers(fields -> fields.put("Cookie", cookieHeader));
        }
        ContentResponse response = request.timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).send();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        cookies.store(uri, headers.getOrDefault("set-cookie", List.of()));
        return new Response(response.getStatus(), headers, response.getContentAsString());
    }

    // Browsers resolve localhost and every *.localhost name to loopback (RFC 6761 §6.3); the JVM's resolver does not.
    private static void resolveLikeABrowser(String host, int port, Map<String, Object> context,
            Promise<List<InetSocketAddress>> promise) {
        String name = host.toLowerCase(Locale.ROOT);
        String address = name.equals("localhost") || name.endsWith(".localhost") ? "127.0.0.1" : host;
        promise.succeeded(List.of(new InetSocketAddress(address, port)));
    }

    /** Stops the client; open sockets are closed. */
    @Override
    public void close() throws Exception {
        webSockets.stop();
        http.stop();
    }

    /** One client WebSocket: its text messages queue up; its close code completes {@link #closed()}. */
    public static final class Socket implements Session.Listener.AutoDemanding {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closed.complete(statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.completeExceptionally(cause);
        }

        /** Sends {@code text}. */
        public void send(String text) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendText(text, sent);
            sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        /** The next text message that contains {@code fragment}, skipping others; fails after 10 s. */
        public String awaitMessageContaining(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                String message = messages.poll(left, TimeUnit.NANOSECONDS);
                if (message != null && message.contains(fragment)) {
                    return message;
                }
            }
            throw new AssertionError("no WebSocket message containing '" + fragment + "' within " + TIMEOUT_SECONDS + " s");
        }

        /** Completes with the close code the server sent. */
        public CompletableFuture<Integer> closed() {
            return closed;
        }

        /** Closes from this side with 1000. */
        public void close() {
            session.close(1000, "bye", Callback.NOOP);
        }
    }
}

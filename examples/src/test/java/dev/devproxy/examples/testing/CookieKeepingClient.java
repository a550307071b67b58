package dev.devproxy.examples.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps cookies by path, as a browser does, sends {@code Origin} on WebSocket
 * handshakes, as a browser does, and shows every redirect instead of following it, so tests can check
 * each step of the launch flow.
 */
public final class CookieKeepingClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CookieJar cookies = new CookieJar();
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();

    /** {@code GET uri}. */
    public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(uri, request(uri).GET());
    }

    /** {@code POST uri} with {@code headers} (name, value, ...) and an empty body. */
    public HttpResponse<String> post(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(uri, request);
    }

    /** {@code POST uri} with a form body. */
    public HttpResponse<String> postForm(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(uri, request(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
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

    /** Forgets the cookie named {@code name}, as a person clearing it in the browser would. */
    public void forget(String name) {
        cookies.remove(name);
    }

    /** Opens a WebSocket to the {@code http://} address {@code uri}, with this client's cookies and origin. */
    public Socket openSocket(URI uri) throws Exception {
        Socket socket = new Socket();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .header("Origin", uri.getScheme() + "://" + uri.getAuthority());
        String cookieHeader = cookies.header(uri);
        if (cookieHeader != null) {
            builder.header("Cookie", cookieHeader);
        }
        URI wsUri = URI.create(uri.toString().replaceFirst("^http", "ws"));
        socket.webSocket = builder.buildAsync(wsUri, socket).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        String cookieHeader = cookies.header(uri);
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        return request;
    }

    private HttpResponse<String> send(URI uri, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        cookies.store(uri, response.headers().allValues("Set-Cookie"));
        return response;
    }

    /** One client WebSocket: its text messages queue up; its close code completes {@link #closed()}. */
    public static final class Socket implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket webSocket;

        @Override
        public CompletableFuture<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** Sends {@code text}. */
        public void send(String text) throws Exception {
            webSocket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        /** The next text message that contains {@code fragment}, skipping others; fails after 10 s. */
        public String awaitMessageContaining(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                String message = messages.poll(left, TimeUnit.NANOSECONDS);
                if (message != null && message.contains(fragment)) {
                    return message;
                }
            }
            throw new AssertionError("no WebSocket message containing '" + fragment + "' within " + TIMEOUT);
        }

        /** Completes with the close code the server sent. */
        public CompletableFuture<Integer> closed() {
            return closed;
        }

        /** Closes from this side. */
        public void close() {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}

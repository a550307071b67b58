package dev.devproxy.testkit;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.LaunchDecision;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Everything one conformance test needs: two fake upstreams ({@code alpha}, {@code beta}), a resolver
 * mapping workspaces {@code alpha} and {@code beta} to them in strip mode and {@code pres} to alpha in
 * preserve mode, a {@link DevProxy} with test tokens installed through the adapter under test, and
 * clients. Everything starts lazily and {@link #close()} stops it all and checks that no upstream ever
 * received devproxy's cookie or a launch token.
 */
public final class ConformanceContext implements AutoCloseable {
    /** The subject the test tokens are issued to. */
    public static final String SUBJECT = "alice";

    private final ProxyServer server;
    private final FixedResolver resolver = new FixedResolver();
    private final RecordingListener events = new RecordingListener();
    private final List<Consumer<DevProxy.Builder>> customizers = new ArrayList<>();
    private WebSocketSettings.Relaying relaying;
    private FakeUpstream alpha;
    private FakeUpstream beta;
    private DevProxy proxy;
    private ProxyServer.Running running;
    private HttpClient http;
    private WebSocketClient webSockets;

    /** A context that starts its server through {@code server}. */
    public ConformanceContext(ProxyServer server) {
        this.server = server;
    }

    /** Adjusts the proxy's configuration; only before the first request. */
    public ConformanceContext configure(Consumer<DevProxy.Builder> customizer) {
        if (proxy != null) {
            throw new IllegalStateException("configure before the proxy starts");
        }
        customizers.add(customizer);
        return this;
    }

    /**
     * Makes the proxy relay WebSockets this way whatever the test configures, so that one suite runs against
     * each relay; only before the first request.
     */
    public ConformanceContext relaying(WebSocketSettings.Relaying mode) {
        if (proxy != null) {
            throw new IllegalStateException("configure before the proxy starts");
        }
        this.relaying = mode;
        return this;
    }

    /** The upstream behind workspace {@code alpha} (and {@code pres}). */
    public FakeUpstream alpha() throws Exception {
        if (alpha == null) {
            alpha = FakeUpstream.start("alpha");
            alpha.forbid(CookieSettings.defaults().name() + "=");
            resolver.put("alpha", Target.strip(alpha.uri())).put("pres", Target.preserve(alpha.uri()));
        }
        return alpha;
    }

    /** The upstream behind workspace {@code beta}. */
    public FakeUpstream beta() throws Exception {
        if (beta == null) {
            beta = FakeUpstream.start("beta");
            beta.forbid(CookieSettings.defaults().name() + "=");
            resolver.put("beta", Target.strip(beta.uri()));
        }
        return beta;
    }

    /** The resolver (add workspaces, make it fail). */
    public FixedResolver resolver() {
        return resolver;
    }

    /** The events the proxy reported. */
    public RecordingListener events() {
        return events;
    }

    /** The proxy, started and installed on first call. */
    public DevProxy proxy() throws Exception {
        if (proxy == null) {
            alpha();
            beta();
            DevProxy.Builder builder = DevProxy.builder()
                    .resolver(resolver)
                    .tokens(TestTokens.tokens())
                    .cookie(CookieSettings.builder().insecureForDevelopment().build())
                    .connectTimeout(Duration.ofSeconds(2))
                    .upstreamIdleTimeout(Duration.ofSeconds(2))
                    .listener(events)
                    .launchAuthorizer((request, workspace) -> {
                        String user = request.getHeader("X-Test-User");
                        if (user == null) {
                            return LaunchDecision.unauthenticated();
                        }
                        return user.equals("mallory") ? LaunchDecision.forbidden() : LaunchDecision.allow(user);
                    });
            customizers.forEach(c -> c.accept(builder));
            if (relaying != null) {
                // Building has no side effects until installed: build once to read what the test configured.
                builder.webSocket(builder.build().webSocket().toBuilder().relaying(relaying).build());
            }
            proxy = builder.build();
            running = server.start(proxy);
        }
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>} of the server under test. */
    public URI uri() throws Exception {
        proxy();
        return running.uri();
    }

    /** The port of the server under test. */
    public int port() throws Exception {
        return uri().getPort();
    }

    /** Issues a launch token for {@link #SUBJECT}; the upstreams are told it must never reach them. */
    public String launchToken(String workspace) throws Exception {
        String token = proxy().issueLaunch(SUBJECT, WorkspaceId.of(workspace)).token();
        alpha().forbid(token);
        beta().forbid(token);
        return token;
    }

    /** Bootstraps {@code workspace} and returns the {@code Cookie} header value that carries the session. */
    public String sessionCookie(String workspace) throws Exception {
        TestResponse response = get("/api/dev/" + workspace + "/ide?token=" + launchToken(workspace));
        if (response.status() != 303) {
            throw new AssertionError("bootstrap of " + workspace + " answered " + response.status());
        }
        String setCookie = response.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** GET {@code path} with headers given as {@code "Name: value"}. */
    public TestResponse get(String path, String... headers) throws Exception {
        return request("GET", path, null, headers);
    }

    /** Any request; {@code body} may be null. */
    public TestResponse request(String method, String path, byte[] body, String... headers) throws Exception {
        Request request = client().newRequest(uri().resolve(path)).method(method).timeout(20, TimeUnit.SECONDS);
        request.headers(fields -> {
            for (String header : headers) {
                int colon = header.indexOf(':');
                fields.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
        });
        if (body != null) {
            request.body(new BytesRequestContent(body));
        }
        CompletableResponseListener listener = new CompletableResponseListener(request, 64 * 1024 * 1024);
        ContentResponse response = listener.send().get(30, TimeUnit.SECONDS);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            fields.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return new TestResponse(response.getStatus(), fields, response.getContent());
    }

    /** Sends a raw request (see {@link RawHttp}). */
    public TestResponse raw(String request) throws Exception {
        return RawHttp.send(port(), request);
    }

    /** The HTTP client: no cookie store, no redirects followed. */
    public HttpClient client() throws Exception {
        if (http == null) {
            http = new HttpClient();
            http.setFollowRedirects(false);
            http.setHttpCookieStore(new HttpCookieStore.Empty());
            http.start();
        }
        return http;
    }

    /**
     * Opens a WebSocket to {@code path} on the server under test, as a browser on the proxy's origin would
     * (Origin set to the server's own origin) unless {@code customizer} changes the request.
     */
    public SocketProbe openSocket(String path, String cookie, Consumer<ClientUpgradeRequest> customizer) throws Exception {
        SocketProbe probe = new SocketProbe();
        startSocket(probe, path, cookie, customizer).get(15, TimeUnit.SECONDS);
        return probe;
    }

    /**
     * Starts opening a WebSocket like {@link #openSocket(String, String, Consumer)} without waiting for the
     * upgrade: the future completes when {@code probe} is open, or fails with the upgrade's failure.
     */
    public CompletableFuture<Session> startSocket(SocketProbe probe, String path, String cookie,
            Consumer<ClientUpgradeRequest> customizer) throws Exception {
        URI target = URI.create("ws://127.0.0.1:" + port() + path);
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(target);
        upgrade.setHeader("Origin", uri().toString());
        if (cookie != null) {
            upgrade.setHeader("Cookie", cookie);
        }
        customizer.accept(upgrade);
        return webSocketClient().connect(probe, upgrade);
    }

    /** Opens a WebSocket with the default browser-like request. */
    public SocketProbe openSocket(String path, String cookie) throws Exception {
        return openSocket(path, cookie, upgrade -> { });
    }

    /** The test-side WebSocket client. */
    public WebSocketClient webSocketClient() throws Exception {
        if (webSockets == null) {
            webSockets = new WebSocketClient();
            webSockets.setMaxBinaryMessageSize(128L * 1024 * 1024);
            webSockets.setMaxTextMessageSize(128L * 1024 * 1024);
            webSockets.start();
        }
        return webSockets;
    }

    /** A binary message of {@code size} bytes whose content is derived from {@code seed}. */
    public static ByteBuffer payload(int size, long seed) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            buffer.put((byte) (seed * 31 + i * 7));
        }
        return buffer.flip();
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable closeable : new AutoCloseable[] {
                webSockets == null ? null : webSockets::stop,
                http == null ? null : http::stop,
                running,
                alpha,
                beta}) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (alpha != null) {
            alpha.assertClean();
        }
        if (beta != null) {
            beta.assertClean();
        }
        if (first != null) {
            throw first;
        }
    }
}

package dev.devproxy.testkit;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.spi.LaunchDecision;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Everything one conformance test needs: two fake upstreams ({@code alpha}, {@code beta}), a resolver
 * mapping workspaces {@code alpha} and {@code beta} to them in strip mode and {@code pres} to alpha in
 * preserve mode, a {@link DevProxy} with test tokens installed through the adapter under test (shared-origin
 * routing under {@code /__ide} unless a test configures {@link #HOSTS}), and clients. Everything starts lazily and
 * {@link #close()} stops it all and checks that no upstream ever received one of devproxy's cookies or a launch
 * token.
 *
 * <p>The test clients resolve every {@code *.localhost} name to {@code 127.0.0.1}, as browsers do, so host-routing
 * tests address {@code http://alpha.ws.localhost:<port>/} directly.
 *
 * <p>Either side may speak TLS: {@link #upstreamsOverTls} makes alpha and beta {@code https://} and {@code wss://}
 * targets, {@link #browserOverTls} makes the clients speak TLS to a server under test whose connector does.
 */
public final class ConformanceContext implements AutoCloseable {
    /** The subject the test tokens are issued to. */
    public static final String SUBJECT = "alice";
    /** Host routing as the conformance suite tests it: workspaces on {@code {id}.ws.localhost}, the application on {@code localhost}. */
    public static final Routing HOSTS = Routing.hosts("{id}.ws.localhost", "localhost");
    private static final Pattern JSON_STRING = Pattern.compile("\"(token|url)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ProxyServer server;
    private final FixedResolver resolver = new FixedResolver();
    private final RecordingListener events = new RecordingListener();
    private final List<Consumer<DevProxy.Builder>> customizers = new ArrayList<>();
    private WebSocketSettings.Relaying relaying;
    private SelfSignedCertificate browserTls;
    private SelfSignedCertificate upstreamTls;
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

    /**
     * Serves alpha and beta over TLS, presenting {@code certificate}: their targets are {@code https://} (and their
     * sockets {@code wss://}), which the proxy under test must trust ({@link SelfSignedCertificate#trustedByThisJvm()});
     * only before the first request.
     */
    public ConformanceContext upstreamsOverTls(SelfSignedCertificate certificate) {
        if (alpha != null || beta != null) {
            throw new IllegalStateException("configure before the upstreams start");
        }
        this.upstreamTls = certificate;
        return this;
    }

    /**
     * Makes the test's clients speak TLS to the server under test, trusting {@code certificate} alone: for a
     * {@link ProxyServer} whose connector presents it and whose {@link ProxyServer.Running#uri()} is
     * {@code https://127.0.0.1:<port>}. Raw requests and sockets ({@link #raw}, {@link #connect()},
     * {@link RawWebSocket}) go over TLS too; {@link #hostUri} and {@link #workspaceOrigin} stay {@code http}.
     */
    public ConformanceContext browserOverTls(SelfSignedCertificate certificate) {
        if (http != null) {
            throw new IllegalStateException("configure before the first request");
        }
        this.browserTls = certificate;
        return this;
    }

    private FakeUpstream startUpstream(String name) throws Exception {
        return upstreamTls == null ? FakeUpstream.start(name) : FakeUpstream.startTls(name, upstreamTls);
    }

    /** The upstream behind workspace {@code alpha} (and {@code pres}). */
    public FakeUpstream alpha() throws Exception {
        if (alpha == null) {
            alpha = startUpstream("alpha");
            forbidOurCookies(alpha);
            resolver.put("alpha", Target.strip(alpha.uri())).put("pres", Target.preserve(alpha.uri()));
        }
        return alpha;
    }

    /** The upstream behind workspace {@code beta}. */
    public FakeUpstream beta() throws Exception {
        if (beta == null) {
            beta = startUpstream("beta");
            forbidOurCookies(beta);
            resolver.put("beta", Target.strip(beta.uri()));
        }
        return beta;
    }

    private static void forbidOurCookies(FakeUpstream upstream) {
        String name = CookieSettings.defaults().name();
        upstream.forbid(name + "=");
        upstream.forbid(name + "_binding=");
        upstream.forbid(name + "_launch=");
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
                    .routing(Routing.sharedOrigin())
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
                builder.webSocket(webSocket -> webSocket.relaying(relaying));
            }
            proxy = builder.build();
            running = server.start(proxy);
        }
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>} of the server under test ({@code https} with {@link #browserOverTls}). */
    public URI uri() throws Exception {
        proxy();
        return running.uri();
    }

    /** The port of the server under test. */
    public int port() throws Exception {
        return uri().getPort();
    }

    /**
     * Asks the token endpoint for a launch of {@code workspace} as {@link #SUBJECT}, like a fresh browser on the
     * application's host (with host routing: {@code http://localhost:<port>}); the upstreams are told the token must
     * never reach them.
     */
    public Launch launch(String workspace) throws Exception {
        return launch(workspace, "");
    }

    /**
     * Like {@link #launch(String)} from a browser that already holds {@code cookies} (a {@code Cookie} header value,
     * or empty).
     */
    public Launch launch(String workspace, String cookies) throws Exception {
        String path = "/api/dev/" + workspace + "/ide-token";
        TestResponse response = cookies.isEmpty()
                ? request("POST", applicationUri(path), null, "X-Test-User: " + SUBJECT)
                : request("POST", applicationUri(path), null, "X-Test-User: " + SUBJECT, "Cookie: " + cookies);
        if (response.status() != 200) {
            throw new AssertionError("the token endpoint answered " + response.status() + " for " + workspace);
        }
        String token = null;
        String url = null;
        Matcher field = JSON_STRING.matcher(response.text());
        while (field.find()) {
            String value = field.group(2); // URLs and JWTs hold nothing Json.string escapes
            if (field.group(1).equals("token")) {
                token = value;
            } else {
                url = value;
            }
        }
        alpha().forbid(token);
        beta().forbid(token);
        String binding = response.headers("Set-Cookie").stream().filter(c -> c.contains("_binding="))
                .map(ConformanceContext::pair).findFirst().orElse("");
        return new Launch(token, url, binding);
    }

    /**
     * A bearer access token for {@link #SUBJECT} and {@code workspace}, for a proxy built with
     * {@code accessTokens(...)}; the upstreams are told it must never reach them.
     */
    public String accessToken(String workspace) throws Exception {
        String token = proxy().issueAccessToken(SUBJECT, dev.devproxy.WorkspaceId.of(workspace)).token();
        alpha().forbid(token);
        beta().forbid(token);
        return token;
    }

    /** A launch token for {@link #SUBJECT} (from the token endpoint; its browser binding is dropped). */
    public String launchToken(String workspace) throws Exception {
        return launch(workspace).token();
    }

    /** Opens {@code launch}'s URL in the browser it was issued to (its binding cookie sent), plus {@code headers}. */
    public TestResponse open(Launch launch, String... headers) throws Exception {
        return openWithQuery(launch, "", headers);
    }

    /** Opens {@code launch}'s URL with {@code query} appended (e.g. {@code &return=...}). */
    public TestResponse openWithQuery(Launch launch, String query, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of(headers));
        if (!launch.bindingCookie().isEmpty()) {
            all.add("Cookie: " + launch.bindingCookie());
        }
        return get(launch.url() + query, all.toArray(new String[0]));
    }

    /**
     * Bootstraps {@code workspace} as one browser would and returns the {@code Cookie} header value that carries the
     * session: for shared-origin routing the cookie scoped to {@code /__ide/<id>/}, for host routing the host-only
     * cookie of {@code <id>.ws.localhost} (after the launch's three redirects).
     */
    public String sessionCookie(String workspace) throws Exception {
        Launch launch = launch(workspace);
        if (!proxy().servesWorkspaceHosts()) {
            return pair(expect303(open(launch), "bootstrap of " + workspace).header("Set-Cookie"));
        }
        TestResponse onWorkspace = expect303(get(launch.url()), "launch of " + workspace + " on its host");
        String state = pair(onWorkspace.header("Set-Cookie"));
        TestResponse onApplication = expect303(get(onWorkspace.header("Location"), "Cookie: " + launch.bindingCookie()),
                "launch of " + workspace + " on the application's host");
        TestResponse session = expect303(get(onApplication.header("Location"), "Cookie: " + state),
                "session of " + workspace + " on its host");
        return pair(session.header("Set-Cookie"));
    }

    private static TestResponse expect303(TestResponse response, String what) {
        if (response.status() != 303) {
            throw new AssertionError(what + " answered " + response.status());
        }
        return response;
    }

    /** The {@code name=value} part of a {@code Set-Cookie} value. */
    public static String pair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }

    /** The application's URI for {@code path}: {@code http://localhost:<port>} with host routing, else {@link #uri()}. */
    public String applicationUri(String path) throws Exception {
        return proxy().servesWorkspaceHosts() ? "http://localhost:" + port() + path : path;
    }

    /** {@code http://<host>:<port><path>} on the server under test, e.g. {@code workspaceUri("alpha.ws.localhost", "/")}. */
    public String hostUri(String host, String path) throws Exception {
        return "http://" + host + ":" + port() + path;
    }

    /** The origin of {@code workspace}'s own host under {@link #HOSTS}: {@code http://<id>.ws.localhost:<port>}. */
    public String workspaceOrigin(String workspace) throws Exception {
        return "http://" + workspace + ".ws.localhost:" + port();
    }

    /** GET {@code path} (relative to {@link #uri()}, or absolute) with headers given as {@code "Name: value"}. */
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

    /** Sends a raw request (see {@link RawHttp}) on a connection of its own ({@link #connect()}). */
    public TestResponse raw(String request) throws Exception {
        try (Socket socket = connect()) {
            return RawHttp.send(socket, request);
        }
    }

    /**
     * A new connection to the server under test, for requests and frames written by hand: a plain socket, or with
     * {@link #browserOverTls} a TLS one whose handshake is done. 10 s read timeout, no Nagle; the caller closes it.
     */
    public Socket connect() throws Exception {
        int port = port();
        Socket socket = browserTls == null ? new Socket("127.0.0.1", port) : browserTls.connect(port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** {@code ws://127.0.0.1:<port><path>} of the server under test ({@code wss} with {@link #browserOverTls}). */
    public URI webSocketUri(String path) throws Exception {
        return URI.create((browserTls == null ? "ws" : "wss") + "://127.0.0.1:" + port() + path);
    }

    /** The HTTP client: no cookie store, no redirects followed. */
    public HttpClient client() throws Exception {
        if (http == null) {
            if (browserTls == null) {
                http = new HttpClient();
            } else {
                SslContextFactory.Client tls = new SslContextFactory.Client();
                tls.setSslContext(browserTls.sslContext());
                ClientConnector connector = new ClientConnector();
                connector.setSslContextFactory(tls);
                http = new HttpClient(new HttpClientTransportOverHTTP(connector));
            }
            http.setFollowRedirects(false);
            http.setHttpCookieStore(new HttpCookieStore.Empty());
            http.setSocketAddressResolver(ConformanceContext::resolveLikeABrowser);
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
        URI target = path.startsWith("ws://") ? URI.create(path) : webSocketUri(path);
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(target);
        upgrade.setHeader("Origin", path.startsWith("ws://") ? "http://" + target.getRawAuthority() : uri().toString());
        if (cookie != null) {
            upgrade.setHeader("Cookie", cookie);
        }
        customizer.accept(upgrade);
        return webSocketClient().connect(probe, upgrade);
    }

    /**
     * The status of a WebSocket upgrade to {@code path} (relative, or an absolute {@code ws://} URL) with
     * {@code cookie} (or null) from a page of {@code origin} (null: no {@code Origin} at all): 101 if it opened (the
     * socket is then closed), else the refusal's status.
     */
    public int upgradeStatus(String path, String cookie, String origin) throws Exception {
        return upgradeStatus(path, cookie, upgrade -> {
            if (origin == null) {
                upgrade.setHeader("Origin", List.of());
            } else {
                upgrade.setHeader("Origin", origin);
            }
        });
    }

    /** Like {@link #upgradeStatus(String, String, String)}, with the upgrade request shaped by {@code customizer}. */
    public int upgradeStatus(String path, String cookie, Consumer<ClientUpgradeRequest> customizer) throws Exception {
        try {
            SocketProbe probe = openSocket(path, cookie, customizer);
            probe.session().close();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeException refused) {
                return refused.getResponseStatusCode();
            }
            throw e;
        }
    }

    /** Opens a WebSocket with the default browser-like request. */
    public SocketProbe openSocket(String path, String cookie) throws Exception {
        return openSocket(path, cookie, upgrade -> { });
    }

    /** The test-side WebSocket client. */
    public WebSocketClient webSocketClient() throws Exception {
        if (webSockets == null) {
            webSockets = new WebSocketClient(client());
            webSockets.setMaxBinaryMessageSize(128L * 1024 * 1024);
            webSockets.setMaxTextMessageSize(128L * 1024 * 1024);
            webSockets.start();
        }
        return webSockets;
    }

    // Browsers resolve localhost and every *.localhost name to loopback (RFC 6761 §6.3); the JVM's resolver does not.
    private static void resolveLikeABrowser(String host, int port, Map<String, Object> context,
            Promise<List<InetSocketAddress>> promise) {
        String name = host.toLowerCase(Locale.ROOT);
        String address = name.equals("localhost") || name.endsWith(".localhost") ? "127.0.0.1" : host;
        promise.succeeded(List.of(new InetSocketAddress(address, port)));
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

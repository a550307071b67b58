package dev.devproxy.jetty.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.RawHttp;
import dev.devproxy.testkit.RecordedRequest;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import dev.devproxy.testkit.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local mode with real listeners: one loopback entry proxy per workspace. */
class LocalEntryProxiesTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-1");
    private FakeUpstream backend;
    private LocalEntryProxies entries;
    private final WebSocketClient webSockets = new WebSocketClient();

    @BeforeEach
    void start() throws Exception {
        backend = FakeUpstream.start("backend");
        backend.forbid("devproxy_");
        webSockets.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (entries != null) {
            entries.close();
        }
        webSockets.stop();
        backend.close();
        backend.assertClean();
    }

    private LocalEntryProxies manager(int first, int last) {
        entries = LocalEntryProxies.builder().ports(first, last).tokens(TestTokens.tokens()).build();
        return entries;
    }

    private static int freeRangeStart() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Math.max(1024, Math.min(probe.getLocalPort(), 65000));
        }
    }

    private static TestResponse get(int port, String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (String header : headers) {
            host |= header.toLowerCase().startsWith("host:");
            request.append(header).append("\r\n");
        }
        if (!host) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        return RawHttp.send(port, request.append("Connection: close\r\n\r\n").toString());
    }

    /** Follows the launch URL like a browser and returns the session cookie pair. */
    private String bootstrap(LocalEntry entry) throws IOException {
        URI launch = entries.launchUrl(entry.workspace(), "alice");
        assertThat(launch.toString()).startsWith("http://127.0.0.1:" + entry.port() + "/__devproxy/ws-1/ide?token=");
        TestResponse response = get(entry.port(), launch.getRawPath() + "?" + launch.getRawQuery());
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
        String cookie = response.header("Set-Cookie");
        assertThat(cookie).startsWith("devproxy_ws-1=").contains("Path=/;").contains("HttpOnly");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void ensureStartsOneLoopbackEntryAndIsIdempotent() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        assertThat(entry.uri().toString()).startsWith("http://127.0.0.1:");
        assertThat(entry.direct()).isFalse();
        assertThat(entries.ensure(WS, Target.strip(backend.uri()))).isEqualTo(entry);
        String cookie = bootstrap(entry);
        TestResponse page = get(entry.port(), "/small?x=1", "Cookie: " + cookie);
        assertThat(page.text()).isEqualTo("hello from backend");
        assertThat(backend.lastRequest().rawPath()).isEqualTo("/small");
    }

    // Issue 26, finding 1: cookies ignore ports, so the browser sends every entry's cookie to every entry. Each
    // entry withholds them all from its upstream, and no upstream may set one.
    @Test
    void anEntryWithholdsEveryEntrysCookieAndNoUpstreamSetsOne() throws Exception {
        int first = freeRangeStart();
        manager(first, first + 50);
        FakeUpstream other = FakeUpstream.start("other");
        try {
            LocalEntry a = entries.ensure(WS, Target.strip(backend.uri()));
            LocalEntry b = entries.ensure(WorkspaceId.of("ws-2"), Target.strip(other.uri()));
            String cookieA = bootstrapPair(a);
            String cookieB = bootstrapPair(b);
            String jar = "Cookie: " + cookieA + "; " + cookieB + "; app=1";
            assertThat(get(a.port(), "/small", jar).status()).isEqualTo(200);
            assertThat(backend.lastRequest().header("Cookie")).as("what A's upstream received").isEqualTo("app=1");
            // '_' encoded, so that the request's own query does not trip the upstream's guard against our cookies.
            String plant = URLEncoder.encode("Set-Cookie:devproxy_ws-2=planted; Path=/", StandardCharsets.UTF_8)
                    .replace("_", "%5F");
            TestResponse planting = get(a.port(), "/respond?h=" + plant + "&h="
                    + URLEncoder.encode("Set-Cookie:mine=1", StandardCharsets.UTF_8), jar);
            assertThat(planting.headers("Set-Cookie")).containsExactly("mine=1; Path=/");
        } finally {
            other.close();
        }
    }

    private String bootstrapPair(LocalEntry entry) throws IOException {
        URI launch = entries.launchUrl(entry.workspace(), "alice");
        TestResponse response = get(entry.port(), launch.getRawPath() + "?" + launch.getRawQuery());
        assertThat(response.status()).isEqualTo(303);
        String cookie = response.header("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void concurrentEnsureCallsShareOneEntry() throws Exception {
        int first = freeRangeStart();
        manager(first, first + 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<LocalEntry>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> entries.ensure(WS, Target.strip(backend.uri())));
            }
            Set<Integer> ports = new java.util.HashSet<>();
            for (Future<LocalEntry> result : pool.invokeAll(calls, 30, TimeUnit.SECONDS)) {
                ports.add(result.get().port());
            }
            assertThat(ports).hasSize(1);
            assertThat(entries.entries()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestsNeedTheLaunchCredentialLikeRemoteMode() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        assertThat(get(entry.port(), "/small").status()).isEqualTo(401);
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void credentialsCanBeSwitchedOffForASingleUserMachine() throws Exception {
        int first = freeRangeStart();
        entries = LocalEntryProxies.builder().ports(first, first + 50).credentialRequired(false).build();
        LocalEntry entry = entries.ensure(WS, Target.strip(backend.uri()));
        assertThat(entries.launchUrl(WS, "alice")).isEqualTo(entry.uri());
        assertThat(get(entry.port(), "/small").text()).isEqualTo("hello from backend");
    }

    @Test
    void aDnsRebindingPageGets403() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        String cookie = bootstrap(entry);
        TestResponse response = get(entry.port(), "/small", "Host: evil.example:" + entry.port(), "Cookie: " + cookie);
        assertThat(response.status()).isEqualTo(403);
        assertThat(get(entry.port(), "/small", "Host: localhost:" + entry.port(), "Cookie: " + cookie).status())
                .isEqualTo(200);
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void theLocalHeaderPolicyKeepsTheEntryOriginAndDropsForwardingHeaders() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        String cookie = bootstrap(entry);
        String origin = "http://127.0.0.1:" + entry.port();
        get(entry.port(), "/x", "Cookie: " + cookie, "Origin: " + origin, "X-Forwarded-Host: evil.example",
                "Forwarded: for=1.2.3.4");
        RecordedRequest seen = backend.lastRequest();
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + entry.port());
        assertThat(seen.header("Origin")).isEqualTo(origin);
        assertThat(seen.headers().keySet().stream().filter(h -> h.startsWith("x-forwarded") || h.equals("forwarded"))
                .collect(Collectors.toList())).isEmpty();
    }

    @Test
    void codeServersPwaWorkerLosesServiceWorkerAllowedWhileOtherWorkersKeepIt() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        String cookie = bootstrap(entry);
        String header = "&h=" + URLEncoder.encode("Service-Worker-Allowed:/", StandardCharsets.UTF_8);
        TestResponse pwa = get(entry.port(), "/respond/stable-abc/static/out/browser/serviceWorker.js?status=200" + header,
                "Cookie: " + cookie);
        assertThat(pwa.status()).isEqualTo(200);
        assertThat(pwa.header("Service-Worker-Allowed")).isNull();
        TestResponse webview = get(entry.port(), "/respond?status=200" + header, "Cookie: " + cookie);
        assertThat(webview.header("Service-Worker-Allowed")).isEqualTo("/");
    }

    @Test
    void webSocketsOpenOnlyFromTheEntryOrigin() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        String cookie = bootstrap(entry);
        URI socket = URI.create("ws://127.0.0.1:" + entry.port() + "/ws/origin");
        SocketProbe probe = new SocketProbe();
        webSockets.connect(probe, upgrade(socket, cookie, "http://127.0.0.1:" + entry.port())).get(10, TimeUnit.SECONDS);
        probe.send("hi");
        assertThat(probe.nextText()).isEqualTo("hi");
        assertThatThrownBy(() -> webSockets.connect(new SocketProbe(), upgrade(socket, cookie, "http://evil.example"))
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(403));
    }

    private static ClientUpgradeRequest upgrade(URI uri, String cookie, String origin) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
        upgrade.setHeader("Cookie", cookie);
        upgrade.setHeader("Origin", origin);
        return upgrade;
    }

    @Test
    void portsTakenByOtherProcessesAreSkippedAndAnExhaustedRangeSaysWhatToDo() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            manager(port, port);
            assertThatThrownBy(() -> entries.ensure(WS, Target.strip(backend.uri())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1 taken by other processes").hasMessageContaining("ports(first, last)");
            entries.close();
            entries = LocalEntryProxies.builder().ports(port, Math.min(port + 20, 65535)).tokens(TestTokens.tokens()).build();
            assertThat(entries.ensure(WS, Target.strip(backend.uri())).port()).isNotEqualTo(port);
        }
    }

    @Test
    void stoppingFreesThePortAndEnsureStartsItAgain() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        assertThat(entries.stop(WS)).isTrue();
        try (ServerSocket rebind = new ServerSocket(entry.port(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(rebind.getLocalPort()).isEqualTo(entry.port());
        }
        LocalEntry again = entries.ensure(WS, Target.strip(backend.uri()));
        assertThat(get(again.port(), "/small").status()).isEqualTo(401);
    }

    @Test
    void theEntryProxyCanBeSwitchedOffToOpenTheBackendDirectly() throws Exception {
        int first = freeRangeStart();
        LocalEntry entry = manager(first, first + 50).ensure(WS, Target.strip(backend.uri()));
        entries.setEnabled(WS, false);
        LocalEntry direct = entries.ensure(WS, Target.strip(backend.uri()));
        assertThat(direct.direct()).isTrue();
        assertThat(direct.port()).isEqualTo(backend.port());
        assertThatThrownBy(() -> get(entry.port(), "/small")).isInstanceOf(IOException.class);
        entries.setEnabled(WS, true);
        assertThat(entries.ensure(WS, Target.strip(backend.uri())).direct()).isFalse();
    }

    @Test
    void entriesShareOneThreadPoolAndCostOneSelectorThreadEach() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int first = freeRangeStart();
        manager(first, first + 50);
        int count = 8;
        for (int i = 0; i < count; i++) {
            LocalEntry entry = entries.ensure(WorkspaceId.of("pool-" + i), Target.strip(backend.uri()));
            assertThat(get(entry.port(), "/small").status()).as("entry %d answers", i).isEqualTo(401);
        }
        List<String> serving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith("devproxy-local"))
                .map(Thread::getName).toList();
        // One selector thread per entry (it accepts too), plus the shared pool's few idle workers; a pool per
        // entry kept an acceptor, a selector and idle workers of its own for each.
        assertThat(serving).as("entry server threads for %d entries", count).hasSizeLessThanOrEqualTo(count + 8);
    }

    @Test
    void closeLeavesNoListenerOrThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int first = freeRangeStart();
        manager(first, first + 50);
        List<LocalEntry> started = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            started.add(entries.ensure(WorkspaceId.of(id), Target.strip(backend.uri())));
        }
        LocalEntry a = started.get(0);
        String cookie = bootstrapFor(a);
        SocketProbe probe = new SocketProbe();
        webSockets.connect(probe, upgrade(URI.create("ws://127.0.0.1:" + a.port() + "/ws/echo"), cookie,
                "http://127.0.0.1:" + a.port())).get(10, TimeUnit.SECONDS);
        entries.close();
        assertThat(probe.awaitCloseCode()).isIn(1001, 1006);
        for (LocalEntry entry : started) {
            try (ServerSocket rebind = new ServerSocket(entry.port(), 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebind.isBound()).isTrue();
            }
        }
        Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("devproxy")),
                Duration.ofSeconds(15), "devproxy threads to stop");
    }

    private String bootstrapFor(LocalEntry entry) throws IOException {
        URI launch = entries.launchUrl(entry.workspace(), "alice");
        TestResponse response = get(entry.port(), launch.getRawPath() + "?" + launch.getRawQuery());
        String cookie = response.header("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }
}

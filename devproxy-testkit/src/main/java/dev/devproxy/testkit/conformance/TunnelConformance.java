package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.Target;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.Launch;
import dev.devproxy.testkit.MuteUpstream;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.ScriptedUpstream;
import dev.devproxy.testkit.TestResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live tunnel for plain HTTP: credentials, resolution, streaming and the failure vocabulary. */
public interface TunnelConformance extends Conformance {

    @Test
    default void workspaceRootWithoutTrailingSlashRedirectsToIt() throws Exception {
        TestResponse response = conformance().get("/__ide/alpha?folder=/home");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/__ide/alpha/?folder=/home");
    }

    @Test
    default void requestsWithoutACredentialGetA401PageAndTheResolverIsNeverAsked() throws Exception {
        ConformanceContext c = conformance();
        TestResponse html = c.get("/__ide/alpha/small", "Accept: text/html");
        assertThat(html.status()).isEqualTo(401);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.text()).contains("open the IDE again").doesNotContain("127.0.0.1");
        TestResponse json = c.get("/__ide/alpha/small", "Accept: application/json");
        assertThat(json.status()).isEqualTo(401);
        assertThat(json.text()).contains("\"status\":401");
        assertThat(c.resolver().calls()).isZero();
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void forgedOrOtherWorkspaceCookiesGetTheSame401AsNone() throws Exception {
        ConformanceContext c = conformance();
        String betaCookie = c.sessionCookie("beta");
        String alphaCookie = c.sessionCookie("alpha");
        String forged = alphaCookie.substring(0, alphaCookie.length() - 4) + "AAAA";
        for (String cookie : new String[] {betaCookie.replace("beta", "alpha"), betaCookie, forged,
            "devproxy_session=garbage"}) {
            assertThat(c.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(401);
        }
        assertThat(c.resolver().calls()).isZero();
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void proxiesToTheResolvedTargetWithThePrefixStrippedAndTheQueryKept() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        TestResponse response = c.get("/__ide/alpha/static/app.js?v=1&x=%20y", "Cookie: " + cookie);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("alpha GET /static/app.js");
        assertThat(c.alpha().lastRequest().rawPath()).isEqualTo("/static/app.js");
        assertThat(c.alpha().lastRequest().rawQuery()).isEqualTo("v=1&x=%20y");
        // The browser may have the whole body before the proxy's completion callback has run.
        Await.until(() -> !c.events().of(ExchangeCompleted.class).isEmpty(), Duration.ofSeconds(5), "exchange event");
        assertThat(c.events().of(ExchangeCompleted.class)).last().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.responseBytes()).isEqualTo("alpha GET /static/app.js".length());
            assertThat(e.subject()).isEqualTo(ConformanceContext.SUBJECT);
        });
    }

    @Test
    default void preserveModeForwardsThePathWithItsPrefix() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("pres");
        TestResponse response = c.get("/__ide/pres/tree/nb.ipynb?kernel=1", "Cookie: " + cookie);
        assertThat(response.text()).isEqualTo("alpha GET /__ide/pres/tree/nb.ipynb");
        assertThat(c.alpha().lastRequest().rawQuery()).isEqualTo("kernel=1");
    }

    @Test
    default void eachWorkspaceReachesOnlyItsOwnTarget() throws Exception {
        ConformanceContext c = conformance();
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + c.sessionCookie("alpha")).text()).isEqualTo("hello from alpha");
        assertThat(c.get("/__ide/beta/small", "Cookie: " + c.sessionCookie("beta")).text()).isEqualTo("hello from beta");
        assertThat(c.alpha().requests()).hasSize(1);
        assertThat(c.beta().requests()).hasSize(1);
    }

    @Test
    default void largeDownloadsStreamBeforeTheUpstreamHasFinished() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        InputStreamResponseListener listener = new InputStreamResponseListener();
        c.client().newRequest(c.uri().resolve("/__ide/alpha/gated")).headers(h -> h.add("Cookie", cookie))
                .timeout(30, TimeUnit.SECONDS).send(listener);
        Response response = listener.get(10, TimeUnit.SECONDS);
        assertThat(response.getStatus()).isEqualTo(200);
        try (InputStream body = listener.getInputStream()) {
            // The first bytes arrive while the upstream is still holding back the rest.
            assertThat(body.readNBytes(1024)).hasSize(1024);
            c.alpha().openGate();
            assertThat(body.readAllBytes()).hasSize(127 * 1024);
        }
    }

    @Test
    default void tenMebibyteDownloadArrivesByteExact() throws Exception {
        ConformanceContext c = conformance();
        int size = 10 * 1024 * 1024;
        TestResponse response = c.get("/__ide/alpha/large?bytes=" + size, "Cookie: " + c.sessionCookie("alpha"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(size);
        for (int i = 0; i < size; i += 4093) {
            assertThat(response.body()[i]).isEqualTo(FakeUpstream.patternByte(i));
        }
    }

    @Test
    default void requestBodiesArriveByteExact() throws Exception {
        ConformanceContext c = conformance();
        byte[] body = ConformanceContext.payload(3 * 1024 * 1024 + 17, 7).array();
        TestResponse response = c.request("POST", "/__ide/alpha/echo", body, "Cookie: " + c.sessionCookie("alpha"),
                "Content-Type: application/octet-stream");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    /**
     * {@code Expect: 100-continue} is answered by the proxy, which reads the body and sends it upstream without the
     * {@code Expect} (RFC 9110 §10.1.1: a proxy may answer it itself): an upstream that never sends {@code 100}, as a
     * server may, no longer holds the request until the idle timeout (504). The client waits for the {@code 100}
     * before it sends the body, as curl does.
     */
    @Test
    default void expect100ContinueIsAnsweredByTheProxyAndNotForwarded() throws Exception {
        ConformanceContext c = conformance();
        try (ScriptedUpstream upstream = ScriptedUpstream.start("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n"
                + "Connection: close\r\n\r\nreceived");
                Socket socket = new Socket("127.0.0.1", c.port())) {
            c.resolver().put("raw", Target.strip(upstream.uri()));
            String cookie = c.sessionCookie("raw");
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /__ide/raw/upload HTTP/1.1\r\nHost: 127.0.0.1:" + c.port() + "\r\nCookie: " + cookie
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(RawWebSocket.readHead(socket.getInputStream())).as("the proxy's interim answer")
                    .startsWith("HTTP/1.1 100");
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("received");
            assertThat(upstream.received()).hasSize(1);
            assertThat(upstream.received().get(0).body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("hello");
            assertThat(upstream.received().get(0).header("Expect")).isNull();
        }
    }

    @Test
    default void nonBrowserClientsMayUseAnAccessTokenWhichIsNotForwarded() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.accessTokens(Duration.ofMinutes(5)));
        String token = c.accessToken("alpha");
        TestResponse response = c.get("/__ide/alpha/small", "Authorization: Bearer " + token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(c.alpha().lastRequest().header("Authorization")).isNull();
        assertThat(c.get("/__ide/beta/small", "Authorization: Bearer " + token).status())
                .as("bound to its workspace").isEqualTo(401);
    }

    // Issue 26, finding 2: after the bootstrap spent it, a launch token still opened the tunnel as
    // Authorization: Bearer, for its whole lifetime plus the clock skew. A launch token is spent once, whichever
    // way it is presented; it is never a tunnel credential.
    @Test
    default void aLaunchTokenIsNoBearerCredentialSpentOrNot() throws Exception {
        ConformanceContext c = conformance();
        Launch launch = c.launch("alpha");
        assertThat(c.get("/__ide/alpha/small", "Authorization: Bearer " + launch.token()).status())
                .as("unspent").isEqualTo(401);
        assertThat(c.open(launch).status()).isEqualTo(303);
        assertThat(c.get("/__ide/alpha/small", "Authorization: Bearer " + launch.token()).status())
                .as("spent").isEqualTo(401);
        assertThat(c.upgradeStatus("/__ide/alpha/ws/echo", null, upgrade -> {
            upgrade.setHeader("Origin", List.of());
            upgrade.setHeader("Authorization", "Bearer " + launch.token());
        })).as("a WebSocket without Origin").isEqualTo(401);
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void accessTokensAreOffUnlessEnabled() throws Exception {
        ConformanceContext c = conformance();
        assertThatThrownBy(() -> c.accessToken("alpha"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("accessTokens");
    }

    // Issue 26, finding 5: a devproxy token in Authorization went upstream when a cookie authenticated the request.
    @Test
    default void aDevproxyTokenInAuthorizationNeverLeavesWhateverAuthenticated() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.accessTokens(Duration.ofMinutes(5)));
        String cookie = "Cookie: " + c.sessionCookie("alpha");
        c.get("/__ide/alpha/small", cookie, "Authorization: Bearer " + c.launchToken("alpha"));
        assertThat(c.alpha().lastRequest().header("Authorization")).as("a launch token").isNull();
        c.get("/__ide/alpha/small", cookie, "Authorization: Bearer " + c.launchToken("beta"));
        assertThat(c.alpha().lastRequest().header("Authorization")).as("another workspace's launch token").isNull();
        c.get("/__ide/alpha/small", cookie, "Authorization: Bearer " + c.accessToken("beta"));
        assertThat(c.alpha().lastRequest().header("Authorization")).as("another workspace's access token").isNull();
        c.get("/__ide/alpha/small", cookie, "Authorization: Bearer app-own-token");
        assertThat(c.alpha().lastRequest().header("Authorization")).isEqualTo("Bearer app-own-token");
    }

    @Test
    default void theUpstreamAppsOwnAuthorizationHeaderPassesThrough() throws Exception {
        ConformanceContext c = conformance();
        c.get("/__ide/alpha/api", "Cookie: " + c.sessionCookie("alpha"), "Authorization: token jupyter-secret");
        assertThat(c.alpha().lastRequest().header("Authorization")).isEqualTo("token jupyter-secret");
    }

    @Test
    default void unknownWorkspaceIs404() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.get("/__ide/gamma/small", "Cookie: " + c.sessionCookie("gamma"));
        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    default void resolverFailuresAre503WithRetryAfterAnd500ForNull() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        c.resolver().mode(FixedResolver.Mode.THROW);
        TestResponse down = c.get("/__ide/alpha/small", "Cookie: " + cookie);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isNotNull();
        assertThat(down.text()).doesNotContain("registry unreachable");
        c.resolver().mode(FixedResolver.Mode.RETURN_NULL);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(500);
        assertThat(c.events().of(UpstreamFailure.class)).extracting(UpstreamFailure::kind).containsExactly(
                UpstreamFailure.Kind.RESOLVER_FAILED, UpstreamFailure.Kind.RESOLVER_BROKEN);
    }

    @Test
    default void refusedUpstreamIs502WithoutRevealingItsAddress() throws Exception {
        ConformanceContext c = conformance();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        c.resolver().put("dead", Target.strip(URI.create("http://127.0.0.1:" + closedPort)));
        TestResponse response = c.get("/__ide/dead/small", "Cookie: " + c.sessionCookie("dead"));
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.text()).doesNotContain(Integer.toString(closedPort));
        assertThat(c.events().of(UpstreamFailure.class)).extracting(UpstreamFailure::kind)
                .containsExactly(UpstreamFailure.Kind.CONNECT_REFUSED);
    }

    @Test
    default void hangingUpstreamIs504AfterTheIdleTimeoutAndItsConnectionIsReleased() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.get("/__ide/alpha/hang", "Cookie: " + c.sessionCookie("alpha"));
        assertThat(response.status()).isEqualTo(504);
        try (MuteUpstream mute = MuteUpstream.start()) {
            c.resolver().put("mute", Target.strip(mute.uri()));
            assertThat(c.get("/__ide/mute/x", "Cookie: " + c.sessionCookie("mute")).status()).isEqualTo(504);
            Await.until(() -> mute.accepted() == 1 && mute.closedByPeer() == 1, Duration.ofSeconds(10),
                    "the timed-out upstream connection to be closed");
        }
    }

    /**
     * A browser that leaves while the upstream has not answered (a tab closed on a long poll). Neither container
     * tells the application that an idle async request's connection closed, so the exchange runs to the upstream
     * idle timeout; it must then end as quietly as any other: reported once, its upstream connection closed, and
     * no stack trace logged. A browser that reset its connection (a killed process) made the 504's write fail, upon
     * which Tomcat recycled the request at once: the tunnel then touched it, Jetty's client logged the exception at
     * INFO with its stack trace, and the exchange went unreported.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    default void browserThatLeavesBeforeTheUpstreamAnswersEndsQuietlyAtTheIdleTimeout(boolean reset) throws Exception {
        ConformanceContext c = conformance();
        try (MuteUpstream mute = MuteUpstream.start(); CapturedLogs logs = new CapturedLogs()) {
            c.resolver().put("mute", Target.strip(mute.uri()));
            String cookie = c.sessionCookie("mute");
            try (Socket browser = c.connect()) {
                browser.getOutputStream().write(("GET /__ide/mute/poll HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                        + "\r\nCookie: " + cookie + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                browser.getOutputStream().flush();
                Await.until(() -> mute.accepted() == 1, Duration.ofSeconds(10), "the request to reach the upstream");
                if (reset) {
                    browser.setSoLinger(true, 0); // closes with a TCP reset, as a killed browser process may
                }
            }
            Await.until(() -> mute.closedByPeer() == 1, Duration.ofSeconds(10),
                    "the upstream connection to be closed at the idle timeout");
            Await.until(() -> c.events().of(ExchangeCompleted.class).stream()
                    .anyMatch(e -> e.workspace().value().equals("mute")), Duration.ofSeconds(10),
                    "the exchange to be reported");
            assertThat(c.events().of(ExchangeCompleted.class)).filteredOn(e -> e.workspace().value().equals("mute"))
                    .hasSize(1);
            // devproxy's own lines say at DEBUG that the container ended the exchange; no line has a stack trace.
            assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains("\n\tat ")
                    || line.contains("Exception while notifying"));
        }
    }

    @Test
    default void upstreamThatCannotBeReachedInTimeIs504() throws Exception {
        ConformanceContext c = conformance();
        // A listener that never accepts, with its backlog full: further connects hang until the timeout.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), 200);
                    } catch (java.io.IOException full) {
                        filler.close();
                        break;
                    }
                    fillers.add(filler);
                }
                c.resolver().put("slow", Target.strip(URI.create("http://127.0.0.1:" + silent.getLocalPort())));
                TestResponse response = c.get("/__ide/slow/small", "Cookie: " + c.sessionCookie("slow"));
                assertThat(response.status()).isEqualTo(504);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    /**
     * A {@code 101} to a request that asked for no upgrade is a malformed answer (RFC 9110 §15.2.2: a server switches
     * protocols only when asked): 502, not a bodiless 101 relayed to the browser.
     */
    @Test
    default void anUpstream101ToAPlainRequestIs502() throws Exception {
        assertThat(answerTo(conformance(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\r\n").status()).isEqualTo(502);
    }

    /** A response head larger than the proxy reads is the upstream's fault: 502, not a status about the request. */
    @Test
    default void anOversizedUpstreamResponseHeaderIs502() throws Exception {
        TestResponse response = answerTo(conformance(), "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(1024 * 1024)
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(response.status()).isEqualTo(502);
    }

    /** What the browser gets for a GET whose upstream answers {@code answer} (written as given). */
    private static TestResponse answerTo(ConformanceContext c, String answer) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(answer)) {
            c.resolver().put("raw", Target.strip(upstream.uri()));
            TestResponse response = c.get("/__ide/raw/x", "Cookie: " + c.sessionCookie("raw"));
            assertThat(upstream.received()).as("requests the upstream received").hasSize(1);
            return response;
        }
    }

    @Test
    default void upstreamClosingMidBodyAbortsTheResponseInsteadOfEndingItCleanly() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        assertThatThrownBy(() -> c.client().newRequest(c.uri().resolve("/__ide/alpha/fail-mid-body"))
                .headers(h -> h.add("Cookie", cookie)).timeout(10, TimeUnit.SECONDS).send())
                .isNotNull();
    }

    /**
     * devproxy, not the upstream, closes an idle pooled connection (after {@code upstreamKeepAlive}): an upstream
     * that closes it first (Node.js after 5 s) races the next request sent on it, which then fails with 502.
     * An exchange in flight stays bound by {@code upstreamIdleTimeout} instead, so it may be silent for longer.
     * The fake upstream keeps connections for 30 s and the idle timeout is 30 s: only the keep-alive closes it.
     */
    @Test
    default void devproxyClosesAnIdleUpstreamConnectionAfterTheKeepAliveWhileExchangesMayBeSilentLonger() throws Exception {
        ConformanceContext c = conformance().configure(b -> b
                .upstreamKeepAlive(Duration.ofMillis(300))
                .upstreamIdleTimeout(Duration.ofSeconds(30)));
        String cookie = c.sessionCookie("alpha");
        TestResponse slow = c.get("/__ide/alpha/slow?ms=1000", "Cookie: " + cookie);
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.text()).isEqualTo("slow from alpha");
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.openConnections() == 0, Duration.ofSeconds(10),
                "devproxy to close its idle connection to the upstream");
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + cookie).status()).as("a new connection serves the next request")
                .isEqualTo(200);
    }

    @Test
    default void aClientAbortingADownloadReleasesTheUpstreamConnection() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        InputStreamResponseListener listener = new InputStreamResponseListener();
        var request = c.client().newRequest(c.uri().resolve("/__ide/alpha/large?bytes=" + (512L * 1024 * 1024)))
                .headers(h -> h.add("Cookie", cookie)).timeout(60, TimeUnit.SECONDS);
        request.send(listener);
        listener.get(10, TimeUnit.SECONDS);
        try (InputStream body = listener.getInputStream()) {
            assertThat(body.readNBytes(1024 * 1024)).hasSize(1024 * 1024);
            request.abort(new java.io.IOException("client went away (test)"));
        }
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.openConnections() == 0, Duration.ofSeconds(15), "the upstream connection to close");
        // Reported as an exchange the browser left, not as an upstream failure (on Tomcat the container has
        // recycled the request by then: the report must not depend on it).
        Await.until(() -> c.events().of(ExchangeCompleted.class).size() == 1, Duration.ofSeconds(10),
                "the exchange to be reported");
        assertThat(c.events().of(ExchangeCompleted.class).get(0).status()).isEqualTo(200);
        assertThat(c.events().of(UpstreamFailure.class)).isEmpty();
    }
}

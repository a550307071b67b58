package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.EagerSocketUpstream;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.HeldHandshakeUpstream;
import dev.devproxy.testkit.MuteUpstream;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.ScriptedUpstream;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target-bound WebSocket relay: auth before upgrade, handshake and frame fidelity, lifecycles. */
public interface WebSocketConformance extends Conformance {

    @Test
    default void textAndBinaryMessagesRoundTripThroughTheTunnel() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        socket.send("hello");
        assertThat(socket.nextText()).isEqualTo("hello");
        socket.send(ConformanceContext.payload(1000, 3));
        assertThat(socket.nextBinary()).isEqualTo(ConformanceContext.payload(1000, 3));
        assertThat(c.alpha().lastRequest().rawPath()).isEqualTo("/ws/echo");
        assertThat(c.alpha().lastRequest().webSocket()).isTrue();
    }

    @Test
    default void upgradesWithoutACredentialAre401BeforeAnythingIsDialled() throws Exception {
        ConformanceContext c = conformance();
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", null)).isEqualTo(401);
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", c.sessionCookie("beta"))).isEqualTo(401);
        assertThat(c.alpha().requests()).isEmpty();
        assertThat(c.resolver().calls()).isZero();
    }

    @Test
    default void acceptThenCloseModeClosesUnauthenticatedSocketsWith4401() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(
                WebSocketSettings.builder().authFailure(WebSocketSettings.AuthFailure.ACCEPT_THEN_CLOSE).build()));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", null);
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void crossSiteUpgradesAreRefusedWith403() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", cookie, "https://evil.example")).isEqualTo(403);
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", cookie, null)).isEqualTo(403);
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void nonBrowserClientsWithAnAccessTokenMayOmitOrigin() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.accessTokens(java.time.Duration.ofMinutes(5)));
        String token = c.accessToken("alpha");
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", null, upgrade -> {
            upgrade.setHeader("Origin", List.of());
            upgrade.setHeader("Authorization", "Bearer " + token);
        });
        socket.send("cli");
        assertThat(socket.nextText()).isEqualTo("cli");
    }

    @Test
    default void aMalformedHandshakeIs400AndNothingIsDialled() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.raw("GET /__ide/alpha/ws/echo HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nOrigin: " + c.uri()
                + "\r\nCookie: " + c.sessionCookie("alpha") + "\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(c.alpha().requests()).isEmpty();
    }

    /** RFC 6455 §4.1: the opening handshake is an HTTP/1.1 request (or later); an HTTP/1.0 one is 400. */
    @Test
    default void anHttp10UpgradeIs400AndNothingIsDialled() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.raw("GET /__ide/alpha/ws/echo HTTP/1.0\r\nHost: 127.0.0.1:" + c.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + c.uri() + "\r\nCookie: "
                + c.sessionCookie("alpha") + "\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(c.alpha().requests()).isEmpty();
    }

    /**
     * Nothing reaches the upstream's handshake that the browser did not send, through either relay: the handshake's
     * own fields (the byte relay forwards the browser's, the frame relay sends its own) and the forwarding headers,
     * nothing else: no {@code User-Agent}, {@code Accept-Encoding}, {@code Pragma} or {@code Cache-Control} of the
     * proxy's WebSocket client.
     */
    @Test
    default void theUpstreamHandshakeCarriesNothingTheBrowserDidNotSendButTheForwardingHeaders() throws Exception {
        ConformanceContext c = conformance();
        try (RawWebSocket raw = RawWebSocket.open(c, "/__ide/alpha/ws/echo")) {
            raw.out().write(RawWebSocket.maskedFrame(0x1, "hi".getBytes(StandardCharsets.UTF_8)));
            raw.out().flush();
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, "hi".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(c.alpha().lastRequest().headers().keySet()).containsExactlyInAnyOrder("host", "upgrade",
                "connection", "sec-websocket-key", "sec-websocket-version", "origin", "x-forwarded-host",
                "x-forwarded-proto", "x-forwarded-for", "x-forwarded-prefix");
    }

    /**
     * The browser's {@code 101} carries the upstream's {@code Server} (here none) and one {@code Date}, never a
     * {@code Server} naming the host's container (see {@code HeaderConformance}).
     */
    @Test
    default void theHandshakeResponseNamesNoContainer() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .shutdownDrain(Duration.ZERO).build()));
        try (EagerSocketUpstream eager = EagerSocketUpstream.start("hello")) {
            c.resolver().put("eager", Target.strip(eager.uri()));
            TestResponse response = c.raw("GET /__ide/eager/ws HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + c.uri() + "\r\nCookie: "
                    + c.sessionCookie("eager") + "\r\n\r\n");
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.headers("Server")).isEmpty();
            assertThat(response.headers("Date")).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    default void theUpstreamsChosenSubprotocolIsReturned() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"),
                upgrade -> upgrade.setSubProtocols("binary", "base64"));
        assertThat(socket.session().getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("binary");
        assertThat(String.join(",", c.alpha().lastRequest().headers("Sec-WebSocket-Protocol")).replace(" ", ""))
                .isEqualTo("binary,base64");
    }

    @Test
    default void codeServerStyleOriginChecksPassWithTheDefaultPolicy() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/origin", c.sessionCookie("alpha"));
        socket.send("ok");
        assertThat(socket.nextText()).isEqualTo("ok");
    }

    @Test
    default void aPolicyThatHidesTheBrowserHostBreaksCodeServerStyleOriginChecks() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.headerPolicy(HeaderPolicy.builder()
                .hostHeader(HeaderPolicy.HostHeader.TARGET).forwardedHeaders(HeaderPolicy.ForwardedHeaders.STRIP).build()));
        // code-server's 403 reaches the browser as the upstream's own refusal.
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/origin", c.sessionCookie("alpha"))).isEqualTo(403);
    }

    @Test
    default void framesTheUpstreamSendsBeforeTheBrowserSideOpensAreDelivered() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/greet", c.sessionCookie("alpha"));
        assertThat(socket.nextText()).isEqualTo("hello from alpha");
    }

    /**
     * Messages an upstream sends in the same TCP segment as its {@code 101} reach the browser: the proxy's client
     * holds them before the browser side exists. Twenty sockets in a row, each greeted twice.
     */
    @Test
    default void messagesThatArriveWithTheHandshakeResponseReachTheBrowser() throws Exception {
        ConformanceContext c = conformance();
        try (EagerSocketUpstream eager = EagerSocketUpstream.start("hello", "state")) {
            c.resolver().put("eager", Target.strip(eager.uri()));
            String cookie = c.sessionCookie("eager");
            for (int i = 0; i < 20; i++) {
                SocketProbe socket = c.openSocket("/__ide/eager/ws", cookie);
                assertThat(socket.nextText()).as("first greeting on socket %d", i).isEqualTo("hello");
                assertThat(socket.nextText()).as("second greeting on socket %d", i).isEqualTo("state");
                socket.session().close(1000, "done", Callback.NOOP);
                socket.awaitCloseCode();
            }
        }
    }

    /**
     * A burst of small upstream messages arrives whole and in order. Each one is demanded anew once the browser
     * took the previous one, often from the thread that finished that send rather than the upstream reader's:
     * the pattern that Jetty's client, before 12.1.10, could stall on by losing the demand (jetty#14528).
     */
    /**
     * A socket's query with percent signs that start no valid escape, as browsers send them: either the upstream's
     * handshake carries it byte for byte (the byte relay, see also {@link ByteRelayConformance}), or the upgrade is
     * refused with 400 before anything is dialled (the frame relay: the container's Jakarta WebSocket server parses the
     * request URI as a {@link java.net.URI}, which rejects it). Never a 5xx, and no log line carries the query.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a=%zz&token=query-secret-4f1", "token=query-secret-4f1&a=1%"})
    default void aQueryWithBrokenPercentEncodingReachesTheUpstreamsHandshakeOrIs400(String query) throws Exception {
        // The raw upstream never answers a close: no drain at shutdown.
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .shutdownDrain(Duration.ZERO).build()));
        try (EagerSocketUpstream eager = EagerSocketUpstream.start("hello"); CapturedLogs logs = new CapturedLogs()) {
            c.resolver().put("eager", Target.strip(eager.uri()));
            TestResponse response = c.raw("GET /__ide/eager/ws?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + c.uri() + "\r\nCookie: "
                    + c.sessionCookie("eager") + "\r\n\r\n");
            if (response.status() == 400) {
                assertThat(eager.requestLines()).as("nothing dialled").isEmpty();
            } else {
                assertThat(response.status()).isEqualTo(101);
                assertThat(eager.requestLines()).containsExactly("GET /ws?" + query + " HTTP/1.1");
            }
            assertThat(logs.lines()).as("log lines with the query").noneMatch(line -> line.contains("query-secret"));
        }
    }

    @Test
    default void aBurstOfSmallUpstreamMessagesArrivesWholeAndInOrder() throws Exception {
        ConformanceContext c = conformance();
        assertBurstArrivesInOrder(c.openSocket("/__ide/alpha/ws/firehose?messages=2000&size=64", c.sessionCookie("alpha")));
    }

    /**
     * The same burst to a browser that negotiated {@code permessage-deflate}, as Chromium and Firefox always offer
     * it, with compression allowed through the byte relay: the upstream (byte relay) or the container (frame relay)
     * compresses every message the browser gets, and with the frame relay each send's completion, which demands the
     * next upstream frame, then comes from the compressing flusher.
     */
    @Test
    default void aBurstReachesABrowserThatCompressesWholeAndInOrder() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .compression(WebSocketSettings.Compression.PERMESSAGE_DEFLATE).build()));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/firehose?messages=2000&size=64", c.sessionCookie("alpha"),
                upgrade -> upgrade.addExtensions("permessage-deflate"));
        assertThat(socket.session().getUpgradeResponse().getHeader("Sec-WebSocket-Extensions")).contains("permessage-deflate");
        assertBurstArrivesInOrder(socket);
    }

    /** Reads the burst tests' firehose (2000 messages of 64 bytes), checking each one's length and sequence number. */
    private static void assertBurstArrivesInOrder(SocketProbe socket) throws InterruptedException {
        for (long i = 0; i < 2000; i++) {
            ByteBuffer message = socket.nextBinary();
            assertThat(message.remaining()).isEqualTo(64);
            assertThat(message.getLong()).as("sequence number").isEqualTo(i);
        }
    }

    /** A socket that compresses, to the greeting endpoint, many times in a row: the demo's second tab in Chromium. */
    @Test
    default void compressingBrowsersGetTheGreetingOnEverySocket() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .compression(WebSocketSettings.Compression.PERMESSAGE_DEFLATE).build()));
        String cookie = c.sessionCookie("alpha");
        for (int i = 0; i < 20; i++) {
            SocketProbe socket = c.openSocket("/__ide/alpha/ws/greet", cookie, upgrade -> upgrade.addExtensions("permessage-deflate"));
            assertThat(socket.nextText()).as("greeting on socket %d", i).isEqualTo("hello from alpha");
            socket.send("ping " + i);
            assertThat(socket.nextText()).as("echo on socket %d", i).isEqualTo("ping " + i);
            socket.session().close(1000, "done", Callback.NOOP);
            socket.awaitCloseCode();
        }
    }

    @Test
    default void closeCodesAndReasonsCrossInBothDirections() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        SocketProbe upstreamCloses = c.openSocket("/__ide/alpha/ws/echo", cookie);
        upstreamCloses.send("close 4321 bye now");
        assertThat(upstreamCloses.awaitCloseCode()).isEqualTo(4321);
        assertThat(upstreamCloses.closeReason()).isEqualTo("bye now");

        SocketProbe clientCloses = c.openSocket("/__ide/alpha/ws/echo", cookie);
        clientCloses.send("ping");
        assertThat(clientCloses.nextText()).isEqualTo("ping");
        clientCloses.session().close(4000, "done", Callback.NOOP);
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(4000), Duration.ofSeconds(10), "upstream to see 4000");
        Await.until(() -> c.events().of(SocketClosed.class).size() == 2, Duration.ofSeconds(10), "two close events");
        assertThat(c.events().of(SocketClosed.class)).extracting(SocketClosed::closedBy)
                .containsExactlyInAnyOrder(SocketClosed.Side.UPSTREAM, SocketClosed.Side.BROWSER);
    }

    @Test
    default void anUpstreamThatDiesClosesTheBrowserSocketWith1011() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        socket.send("x");
        socket.nextText();
        c.alpha().close();
        assertThat(socket.awaitCloseCode()).isIn(1011, 1001);
    }

    @Test
    default void aBrowserThatVanishesReleasesTheUpstreamSocket() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        socket.send("x");
        socket.nextText();
        socket.session().disconnect();
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().openSessions() == 0, Duration.ofSeconds(10), "upstream socket released");
        Await.until(() -> {
            try {
                return c.proxy().openSockets() == 0;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(10), "relay released");
    }

    @Test
    default void failuresBeforeTheUpgradeUseTheFailureVocabulary() throws Exception {
        ConformanceContext c = conformance();
        assertThat(upgradeStatus(c, "/__ide/gamma/ws/echo", c.sessionCookie("gamma"))).isEqualTo(404);
        String cookie = c.sessionCookie("alpha");
        // The fake upstream answers an upgrade of a path it has no socket at with a plain 200: no refusal, a 502.
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/none", cookie)).isEqualTo(502);
        c.resolver().mode(FixedResolver.Mode.THROW);
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", cookie)).isEqualTo(503);
    }

    /**
     * An upstream that refuses the handshake with a 4xx (JupyterLab answers 404 for a terminal that is gone) is relayed:
     * its status, its body up to 16 KiB, and only the headers that describe them; its other headers (cookies, its own)
     * stay behind. Reported as an exchange with that status, not as an upstream failure.
     */
    @Test
    default void anUpstreamsRefusalOfTheHandshakeIsRelayedWithItsStatusAndBody() throws Exception {
        ConformanceContext c = conformance();
        String body = "{\"message\": \"No such terminal\"}";
        TestResponse response = refusedUpgrade(c, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                + "Cache-Control: no-cache\r\nX-Internal-Host: 10.0.0.5\r\nSet-Cookie: sid=upstream; Path=/\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo(body);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.header("X-Internal-Host")).isNull();
        assertThat(response.header("Set-Cookie")).isNull();
        Await.until(() -> c.events().of(ExchangeCompleted.class).stream().anyMatch(e -> e.status() == 404),
                Duration.ofSeconds(5), "the refused upgrade reported as an exchange");
        assertThat(c.events().of(UpstreamFailure.class)).isEmpty();
    }

    /** A refusal's body longer than 16 KiB is left out; the status still reaches the browser. */
    @Test
    default void anUpstreamsRefusalWithALongBodyIsRelayedWithoutIt() throws Exception {
        ConformanceContext c = conformance();
        String body = "x".repeat(64 * 1024);
        TestResponse response = refusedUpgrade(c, "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Content-Type")).isNull();
    }

    /** What is no 4xx refusal stays the proxy's 502: a 5xx, a redirect, a 101 that does not answer the key. */
    @Test
    default void handshakeAnswersThatAreNeither101Nor4xxAre502() throws Exception {
        ConformanceContext c = conformance();
        assertThat(refusedUpgrade(c, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n"
                + "Connection: close\r\n\r\noops").status()).isEqualTo(502);
        assertThat(refusedUpgrade(c, "HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").status()).isEqualTo(502);
        assertThat(refusedUpgrade(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n").status()).isEqualTo(502);
    }

    /** The browser's answer to an upgrade whose upstream answers {@code answer}, written as given. */
    private static TestResponse refusedUpgrade(ConformanceContext c, String answer) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(answer)) {
            c.resolver().put("raw", Target.strip(upstream.uri()));
            TestResponse response = c.raw("GET /__ide/raw/ws HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + c.uri() + "\r\nCookie: "
                    + c.sessionCookie("raw") + "\r\n\r\n");
            assertThat(upstream.received()).as("handshakes the upstream received").hasSize(1);
            return response;
        }
    }

    @Test
    default void anUpstreamThatNeverAnswersTheHandshakeIs504AndItsConnectionIsReleased() throws Exception {
        ConformanceContext c = conformance();
        try (MuteUpstream mute = MuteUpstream.start()) {
            c.resolver().put("mute", dev.devproxy.Target.strip(mute.uri()));
            assertThat(upgradeStatus(c, "/__ide/mute/ws", c.sessionCookie("mute"))).isEqualTo(504);
            Await.until(() -> mute.accepted() == 1 && mute.closedByPeer() == 1, Duration.ofSeconds(10),
                    "the abandoned dial to be closed");
        }
    }

    @Test
    default void largeAndFragmentedMessagesArriveWhole() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        ByteBuffer big = ConformanceContext.payload(20 * 1024 * 1024, 11);
        socket.send(big.duplicate());
        assertThat(socket.nextBinary()).isEqualTo(big);
        Session session = socket.session();
        for (int part = 0; part < 4; part++) {
            Callback.Completable sent = new Callback.Completable();
            session.sendPartialText("part" + part + (part < 3 ? "," : ""), part == 3, sent);
            sent.get(10, TimeUnit.SECONDS);
        }
        assertThat(socket.nextText()).isEqualTo("part0,part1,part2,part3");
    }

    @Test
    default void concurrentSocketsOnTwoWorkspacesNeverCrossDeliver() throws Exception {
        ConformanceContext c = conformance();
        String alphaCookie = c.sessionCookie("alpha");
        String betaCookie = c.sessionCookie("beta");
        List<SocketProbe> sockets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean alpha = i % 2 == 0;
            sockets.add(c.openSocket("/__ide/" + (alpha ? "alpha" : "beta") + "/ws/tagged", alpha ? alphaCookie : betaCookie));
            names.add(alpha ? "alpha" : "beta");
        }
        for (int seq = 0; seq < 50; seq++) {
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).send(i + "-" + seq);
            }
        }
        for (int i = 0; i < sockets.size(); i++) {
            for (int seq = 0; seq < 50; seq++) {
                assertThat(sockets.get(i).nextText()).isEqualTo(names.get(i) + ":" + i + "-" + seq);
            }
        }
    }

    @Test
    default void aSlowBrowserHoldsBackTheUpstreamInsteadOfFillingTheProxy() throws Exception {
        ConformanceContext c = conformance();
        PausedProbe paused = new PausedProbe();
        org.eclipse.jetty.websocket.client.ClientUpgradeRequest upgrade = new org.eclipse.jetty.websocket.client
                .ClientUpgradeRequest(c.webSocketUri("/__ide/alpha/ws/firehose?messages=2000&size=1048576"));
        upgrade.setHeader("Origin", c.uri().toString());
        upgrade.setHeader("Cookie", c.sessionCookie("alpha"));
        c.webSocketClient().connect(paused, upgrade).get(10, TimeUnit.SECONDS);
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().firehoseSent() > 0, Duration.ofSeconds(10), "the firehose to start");
        // With the browser not reading, only socket buffers can absorb data: the upstream soon cannot send more.
        long stalled = stalledCount(alpha);
        assertThat(stalled).as("1 MiB messages the upstream got rid of while the browser read nothing").isLessThan(200);
        paused.session.demand();
        paused.session.close();
    }

    private static long stalledCount(FakeUpstream upstream) throws InterruptedException {
        long previous = -1;
        long current = upstream.sockets().firehoseSent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (current != previous && System.nanoTime() < deadline) {
            previous = current;
            TimeUnit.MILLISECONDS.sleep(500);
            current = upstream.sockets().firehoseSent();
        }
        return current;
    }

    @Test
    default void closingAWorkspaceClosesItsSocketsWith4410() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe alpha = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        SocketProbe beta = c.openSocket("/__ide/beta/ws/echo", c.sessionCookie("beta"));
        assertThat(c.proxy().closeWorkspace(WorkspaceId.of("alpha"))).isEqualTo(1);
        assertThat(alpha.awaitCloseCode()).isEqualTo(4410);
        beta.send("still here");
        assertThat(beta.nextText()).isEqualTo("still here");
    }

    // The pair is known to the live sockets before its upstream is dialled: a revocation that arrives meanwhile is
    // not lost, each side is told 4410 as it opens, and nothing is left open or counted as live.
    @Test
    default void closingAWorkspaceWhileItsUpstreamIsDialledClosesBothSidesWith4410() throws Exception {
        ConformanceContext c = conformance();
        try (HeldHandshakeUpstream held = HeldHandshakeUpstream.start()) {
            c.resolver().put("held", Target.strip(held.uri()));
            SocketProbe probe = new SocketProbe();
            CompletableFuture<Session> upgrade = c.startSocket(probe, "/__ide/held/ws", c.sessionCookie("held"),
                    request -> { });
            Await.until(() -> held.handshakesReceived() == 1, Duration.ofSeconds(10),
                    "the upgrade to reach the upstream");
            DevProxy proxy = c.proxy();
            assertThat(proxy.closeWorkspace(WorkspaceId.of("held"))).as("pairs being dialled").isEqualTo(1);
            held.release();
            assertThat(held.closeCodeReceived().get(10, TimeUnit.SECONDS)).as("upstream's close").isEqualTo(4410);
            upgrade.get(15, TimeUnit.SECONDS);
            assertThat(probe.awaitCloseCode()).as("browser's close").isEqualTo(4410);
            Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair to be released");
        }
    }

    @Test
    default void aFastBrowserIsHeldBackByASlowUpstream() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/paused", c.sessionCookie("alpha"));
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 200; i++) {
            socket.session().sendBinary(ConformanceContext.payload(1024 * 1024, i),
                    Callback.from(written::incrementAndGet, x -> { }));
        }
        // The upstream reads nothing, so the proxy must stop reading from the browser: most writes stay pending.
        long previous = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (written.get() != previous && System.nanoTime() < deadline) {
            previous = written.get();
            TimeUnit.MILLISECONDS.sleep(500);
        }
        assertThat(written.get()).as("1 MiB messages the browser got rid of while the upstream read nothing")
                .isLessThan(200);
        socket.session().disconnect();
    }

    @Test
    default void messagesOverTheSizeLimitCloseBothSidesWith1009() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .maxMessageSize(4096).build()));
        String cookie = c.sessionCookie("alpha");
        SocketProbe fromBrowser = c.openSocket("/__ide/alpha/ws/echo", cookie);
        fromBrowser.send("small");
        assertThat(fromBrowser.nextText()).isEqualTo("small");
        fromBrowser.session().sendBinary(ConformanceContext.payload(5000, 1), Callback.NOOP);
        assertThat(fromBrowser.awaitCloseCode()).isEqualTo(1009);
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().closeCodes().contains(1009), Duration.ofSeconds(10), "upstream to see 1009");

        SocketProbe toBrowser = c.openSocket("/__ide/alpha/ws/firehose?messages=1&size=8192", cookie);
        assertThat(toBrowser.awaitCloseCode()).isEqualTo(1009);
        Await.until(() -> c.events().of(SocketClosed.class).size() == 2, Duration.ofSeconds(10), "two close events");
        assertThat(c.events().of(SocketClosed.class)).extracting(SocketClosed::browserCloseCode).containsOnly(1009);
    }

    @Test
    default void quietSocketsAreKeptAliveByPings() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(1)).build()));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        // Three idle timeouts of silence: only the keep-alive pings keep both legs open.
        assertThat(socket.closed()).failsWithin(Duration.ofSeconds(3));
        socket.send("still alive");
        assertThat(socket.nextText()).isEqualTo("still alive");
    }

    // Issue 26, finding 3: keep-alive pings stopped idle sockets from ever timing out. The inactivity timeout counts
    // messages only: a quiet socket closes with 1001 however busy its pings keep it, and one that carries messages
    // stays.
    @Test
    default void aSocketThatCarriesNoMessageClosesAtTheInactivityTimeoutDespitePings() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(WebSocketSettings.builder()
                .pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(10))
                .inactivityTimeout(Duration.ofSeconds(2)).build()));
        String cookie = c.sessionCookie("alpha");
        SocketProbe talking = c.openSocket("/__ide/alpha/ws/echo", cookie);
        SocketProbe quiet = c.openSocket("/__ide/alpha/ws/echo", cookie);
        long start = System.nanoTime();
        while (Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0) {
            talking.send("still here");
            assertThat(talking.nextText()).isEqualTo("still here");
            assertThat(talking.closed()).failsWithin(Duration.ofMillis(500));
        }
        assertThat(quiet.awaitCloseCode()).isEqualTo(1001);
        assertThat(quiet.closeReason()).isEqualTo("inactive");
        talking.send("and still");
        assertThat(talking.nextText()).isEqualTo("and still");
    }

    // The upstream client closes connections idle longer than the connect timeout (the ones no handshake took): a
    // relayed socket keeps the relay's own idle timeout.
    @Test
    default void aQuietSocketOutlivesTheConnectTimeout() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.connectTimeout(Duration.ofSeconds(1))
                .webSocket(WebSocketSettings.builder().pingInterval(Duration.ZERO).idleTimeout(Duration.ofSeconds(30))
                        .build()));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        assertThat(socket.closed()).failsWithin(Duration.ofSeconds(3));
        socket.send("still relayed");
        assertThat(socket.nextText()).isEqualTo("still relayed");
    }

    @Test
    default void shutdownClosesLiveSocketsWith1001() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(
                WebSocketSettings.builder().shutdownDrain(Duration.ZERO).build()));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        c.proxy().close();
        assertThat(socket.awaitCloseCode()).isEqualTo(1001);
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().openSessions() == 0, Duration.ofSeconds(10), "upstream socket closed");
        assertThat(alpha.sockets().closeCodes()).containsExactly(1001);
        assertThat(upgradeStatus(c, "/__ide/alpha/ws/echo", c.sessionCookie("alpha"))).as("upgrade after shutdown")
                .isEqualTo(503);
    }

    // The close races the browser sides still being upgraded: each socket that opened must still be told 1001
    // (not left to die with 1006), and each that did not is refused with a status, not a dropped connection.
    @Test
    default void shutdownDuringABurstOfUpgradesClosesEveryOpenedSocketWith1001() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.webSocket(
                WebSocketSettings.builder().shutdownDrain(Duration.ZERO).build()));
        String cookie = c.sessionCookie("alpha");
        List<SocketProbe> probes = new ArrayList<>();
        List<CompletableFuture<Session>> upgrades = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SocketProbe probe = new SocketProbe();
            probes.add(probe);
            upgrades.add(c.startSocket(probe, "/__ide/alpha/ws/echo", cookie, upgrade -> { }));
        }
        upgrades.get(0).get(15, TimeUnit.SECONDS);
        c.proxy().close();
        int opened = 0;
        for (int i = 0; i < probes.size(); i++) {
            try {
                upgrades.get(i).get(15, TimeUnit.SECONDS);
            } catch (ExecutionException refused) {
                assertThat(refused.getCause()).isInstanceOf(UpgradeException.class);
                assertThat(((UpgradeException) refused.getCause()).getResponseStatusCode()).isBetween(500, 599);
                continue;
            }
            opened++;
            assertThat(probes.get(i).awaitCloseCode()).as("socket %d", i).isEqualTo(1001);
        }
        assertThat(opened).isPositive();
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.sockets().openSessions() == 0, Duration.ofSeconds(10), "upstream sockets closed");
    }

    @Test
    default void upstreamCookiesOnTheHandshakeAreScopedLikeHttpOnes() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/cookie", c.sessionCookie("alpha"));
        assertThat(socket.session().getUpgradeResponse().getHeaders("Set-Cookie"))
                .containsExactly("wsc=1; Path=/__ide/alpha/");
    }

    @Test
    default void socketEventsReportBothSidesCodesAndTraffic() throws Exception {
        ConformanceContext c = conformance();
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"),
                upgrade -> upgrade.setSubProtocols("chat"));
        socket.send("abc");
        socket.nextText();
        socket.session().close(1000, "bye", Callback.NOOP);
        Await.until(() -> !c.events().of(SocketClosed.class).isEmpty(), Duration.ofSeconds(10), "close event");
        SocketClosed closed = c.events().of(SocketClosed.class).get(0);
        assertThat(closed.subprotocol()).isEqualTo("chat");
        assertThat(closed.browserCloseCode()).isEqualTo(1000);
        assertThat(closed.upstreamCloseCode()).isEqualTo(1000);
        assertThat(closed.browserToUpstreamMessages()).isEqualTo(1);
        assertThat(closed.browserToUpstreamBytes()).isEqualTo(3);
        assertThat(closed.upstreamToBrowserMessages()).isEqualTo(1);
        assertThat(closed.subject()).isEqualTo(ConformanceContext.SUBJECT);
    }

    /** The HTTP status of a refused upgrade (or 101). */
    private static int upgradeStatus(ConformanceContext c, String path, String cookie) throws Exception {
        return upgradeStatus(c, path, cookie, c.uri().toString());
    }

    private static int upgradeStatus(ConformanceContext c, String path, String cookie, String origin) throws Exception {
        return c.upgradeStatus(path, cookie, origin);
    }

    /** A browser that accepted the socket and then stopped reading. */
    final class PausedProbe implements Session.Listener {
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
            callback.succeed();
        }
    }

}

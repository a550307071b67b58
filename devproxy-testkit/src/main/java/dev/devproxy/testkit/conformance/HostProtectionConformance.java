package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Limits;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.LimitReached;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.HangingClients;
import dev.devproxy.testkit.MuteUpstream;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;

/**
 * No user can stall the host application (issue 25): devproxy runs on the host's own threads, so a workspace that
 * never answers, a body that trickles in, or a browser that stops reading must hold none of them; and limits bound
 * what one user or workspace may hold. The counts of hanging clients are larger than the default request pools of
 * Jetty and Tomcat (200 threads).
 */
public interface HostProtectionConformance extends HangingUpgradeConformance {
    /**
     * How long the other traffic may take beside bodies and downloads that hang. A thread they held would stay held
     * for as long as they hang (the upstream idle timeout of {@link HangingUpgradeConformance#unlimited} is 60 s), not
     * until a connect timeout, so this bound can leave room for a loaded machine and still tell a held thread apart:
     * 40 unread downloads of 64 MiB start by filling every buffer on the way, and the other traffic once took more
     * than 5 s beside them on a busy 2-core machine.
     */
    Duration WELL_BEFORE_THE_IDLE_TIMEOUT = Duration.ofSeconds(20);

    @Test
    default void trickledRequestBodiesHoldNoThreadOfTheUpstreamPool() throws Exception {
        ConformanceContext c = HangingUpgradeConformance.unlimited(conformance());
        String other = c.sessionCookie("beta");
        try (HangingClients trickling = HangingClients.tricklingBodies(c.port(), 40, "/__ide/alpha/echo",
                c.sessionCookie("alpha"))) {
            // At least as many as the upstream pool has threads (8): before devproxy read bodies without blocking,
            // that pinned the pool.
            FakeUpstream alpha = c.alpha();
            Await.until(() -> alpha.requests().size() >= 8, Duration.ofSeconds(10),
                    () -> "bodies started upstream: " + alpha.requests().size());
            HangingUpgradeConformance.everythingElseAnswersWithin(WELL_BEFORE_THE_IDLE_TIMEOUT, c, other);
        }
    }

    @Test
    default void downloadsNobodyReadsHoldNoThread() throws Exception {
        ConformanceContext c = HangingUpgradeConformance.unlimited(conformance());
        String other = c.sessionCookie("beta");
        try (HangingClients unread = HangingClients.unreadDownloads(c.port(), 40, "/__ide/alpha/large?bytes=67108864",
                c.sessionCookie("alpha"))) {
            FakeUpstream alpha = c.alpha();
            Await.until(() -> alpha.requests().size() >= 8, Duration.ofSeconds(10),
                    () -> "downloads started upstream: " + alpha.requests().size());
            HangingUpgradeConformance.everythingElseAnswersWithin(WELL_BEFORE_THE_IDLE_TIMEOUT, c, other);
        }
    }

    // Many upgrades racing a limit of K: exactly K get in, the rest are told when to retry, and nothing else.
    @Test
    default void aRaceOfUpgradesAgainstALimitOfKLetsExactlyKIn() throws Exception {
        int limit = 5;
        ConformanceContext c = conformance().configure(b -> b.limits(Limits.builder().webSocketsPerWorkspace(limit)
                .retryAfter(Duration.ofSeconds(7)).build()));
        String cookie = c.sessionCookie("alpha");
        List<SocketProbe> probes = new ArrayList<>();
        List<CompletableFuture<Session>> upgrades = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SocketProbe probe = new SocketProbe();
            probes.add(probe);
            upgrades.add(c.startSocket(probe, "/__ide/alpha/ws/echo", cookie, upgrade -> { }));
        }
        int opened = 0;
        int tooMany = 0;
        for (CompletableFuture<Session> upgrade : upgrades) {
            try {
                upgrade.get(30, TimeUnit.SECONDS);
                opened++; // held open until every racer has its answer
            } catch (ExecutionException refused) {
                assertThat(refused.getCause()).isInstanceOf(UpgradeException.class);
                assertThat(((UpgradeException) refused.getCause()).getResponseStatusCode()).isEqualTo(429);
                tooMany++;
            }
        }
        assertThat(opened).isEqualTo(limit);
        assertThat(tooMany).isEqualTo(20 - limit);
        assertThat(c.events().of(LimitReached.class)).hasSize(20 - limit)
                .allSatisfy(e -> assertThat(e.limit()).isEqualTo(LimitReached.Limit.WEBSOCKETS_PER_WORKSPACE));
    }

    @Test
    default void aRefusalAtALimitSaysWhenToRetryAndDisturbsNothingElse() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.limits(Limits.builder().webSocketsPerSubject(1)
                .retryAfter(Duration.ofSeconds(7)).build()));
        String cookie = c.sessionCookie("alpha");
        SocketProbe first = c.openSocket("/__ide/alpha/ws/echo", cookie);
        TestResponse refused = c.raw("GET /__ide/alpha/ws/echo HTTP/1.1\r\nHost: 127.0.0.1:" + c.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + c.uri() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        first.send("still relayed");
        assertThat(first.nextText()).isEqualTo("still relayed");
        first.session().close();
        first.awaitCloseCode();
        DevProxy proxy = c.proxy();
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(5), "the first pair released");
        SocketProbe again = c.openSocket("/__ide/alpha/ws/echo", cookie);
        again.send("room again");
        assertThat(again.nextText()).isEqualTo("room again");
    }

    @Test
    default void inAcceptThenCloseModeAUpgradeAtALimitClosesWith1013() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.limits(Limits.builder().webSocketsPerSubject(1).build())
                .webSocket(WebSocketSettings.builder().authFailure(WebSocketSettings.AuthFailure.ACCEPT_THEN_CLOSE)
                        .build()));
        String cookie = c.sessionCookie("alpha");
        SocketProbe first = c.openSocket("/__ide/alpha/ws/echo", cookie);
        SocketProbe second = c.openSocket("/__ide/alpha/ws/echo", cookie);
        assertThat(second.awaitCloseCode()).isEqualTo(1013);
        first.send("unaffected");
        assertThat(first.nextText()).isEqualTo("unaffected");
    }

    @Test
    default void dialsToOneWorkspaceAreBoundedAndTheRestRefusedAtOnce() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.connectTimeout(CONNECT_TIMEOUT)
                .limits(Limits.builder().dialsPerWorkspace(3).build()));
        try (MuteUpstream mute = MuteUpstream.start()) {
            c.resolver().put("mute", Target.strip(mute.uri()));
            String cookie = c.sessionCookie("mute");
            try (HangingClients hanging = HangingClients.upgrades(c.port(), 3, "/__ide/mute/ws/echo", c.uri().toString(),
                    cookie)) {
                Await.until(() -> mute.accepted() == 3, Duration.ofSeconds(5), () -> "dials: " + mute.accepted());
                long start = System.nanoTime();
                assertThat(c.upgradeStatus("/__ide/mute/ws/echo", cookie, c.uri().toString())).isEqualTo(429);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
                assertThat(c.events().of(LimitReached.class)).extracting(LimitReached::limit)
                        .containsExactly(LimitReached.Limit.DIALS_PER_WORKSPACE);
            }
        }
    }

    @Test
    default void httpExchangesInFlightWithOneWorkspaceAreBounded() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.limits(Limits.builder().httpExchangesPerWorkspace(2)
                .build()));
        String cookie = "Cookie: " + c.sessionCookie("alpha");
        CompletableFuture<TestResponse> first = CompletableFuture.supplyAsync(() -> get(c, "/__ide/alpha/hang", cookie));
        CompletableFuture<TestResponse> second = CompletableFuture.supplyAsync(() -> get(c, "/__ide/alpha/hang", cookie));
        FakeUpstream alpha = c.alpha();
        Await.until(() -> alpha.requests().size() == 2, Duration.ofSeconds(10), "two exchanges in flight");
        TestResponse third = c.get("/__ide/alpha/small", cookie);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotNull();
        assertThat(c.get("/__ide/beta/small", "Cookie: " + c.sessionCookie("beta")).status())
                .as("another workspace").isEqualTo(200);
        assertThat(first.get(30, TimeUnit.SECONDS).status()).as("the hanging ones time out").isEqualTo(504);
        assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(504);
        assertThat(c.get("/__ide/alpha/small", cookie).status()).as("room again").isEqualTo(200);
    }

    private static TestResponse get(ConformanceContext c, String path, String header) {
        try {
            return c.get(path, header);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Limits;
import dev.devproxy.Target;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.HangingClients;
import dev.devproxy.testkit.MuteUpstream;
import dev.devproxy.testkit.SocketProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * WebSocket upgrades to an upstream that never answers hold no thread of the host application (issue 25), whichever
 * relay and wiring carries them: the request goes asynchronous while its upstream is dialled. Run by every WebSocket
 * wiring; {@link HostProtectionConformance} adds the HTTP cases and the limits.
 */
public interface HangingUpgradeConformance extends Conformance {
    /** More hanging clients than a default container request pool has threads. */
    int MORE_THAN_THE_REQUEST_POOL = 240;
    /** The connect timeout of these tests; the other traffic must be done long before it. */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(8);
    /**
     * How long the other traffic may take while the hanging clients wait: below the connect timeout, which is what
     * a request stuck behind held threads waits at least (a download nobody reads holds one for good), with room for
     * a busy 2-core CI machine (3.7 s seen there once under a 3 s bound).
     */
    Duration PROMPTLY = Duration.ofSeconds(5);

    /** {@code c} with high limits, a short connect timeout and a small upstream pool, for the hanging-client tests. */
    static ConformanceContext unlimited(ConformanceContext c) {
        // The upstream idle timeout far above the test's wait, so that only threads that do not wait let it pass.
        return c.configure(b -> b.connectTimeout(CONNECT_TIMEOUT).upstreamIdleTimeout(Duration.ofSeconds(60))
                .upstreamThreads(8).limits(Limits.builder()
                        .dialsPerWorkspace(10_000).webSocketsPerWorkspace(10_000).webSocketsPerSubject(10_000)
                        .httpExchangesPerWorkspace(10_000).build()));
    }

    /** The host's own route, another workspace's HTTP and its WebSocket answer, each well before the connect timeout. */
    static void everythingElseAnswersPromptly(ConformanceContext c, String cookie) throws Exception {
        everythingElseAnswersWithin(PROMPTLY, c, cookie);
    }

    /**
     * As {@link #everythingElseAnswersPromptly}, within {@code bound}: for hanging clients that would hold a thread
     * until the upstream idle timeout (60 s) rather than the connect timeout, a bound with more room for a busy
     * machine tells the two apart as surely.
     */
    static void everythingElseAnswersWithin(Duration bound, ConformanceContext c, String cookie) throws Exception {
        long start = System.nanoTime();
        assertThat(c.get("/app/hello").text()).isEqualTo("host app");
        assertThat(c.get("/__ide/beta/small", "Cookie: " + cookie).text()).isEqualTo("hello from beta");
        SocketProbe socket = c.openSocket("/__ide/beta/ws/echo", cookie);
        socket.send("through");
        assertThat(socket.nextText()).isEqualTo("through");
        socket.session().close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the host's route, HTTP and a WebSocket")
                .isLessThan(bound);
    }

    @Test
    default void upgradesHangingOnASilentUpstreamHoldNoThreadAndEndAtTheConnectTimeout() throws Exception {
        ConformanceContext c = unlimited(conformance());
        try (MuteUpstream mute = MuteUpstream.start()) {
            c.resolver().put("mute", Target.strip(mute.uri()));
            String cookie = c.sessionCookie("mute");
            String other = c.sessionCookie("beta");
            long started = System.nanoTime();
            try (HangingClients hanging = HangingClients.upgrades(c.port(), MORE_THAN_THE_REQUEST_POOL,
                    "/__ide/mute/ws/echo", c.uri().toString(), cookie)) {
                // At least one connection a dial (the upstream client's pool may open a spare one).
                Await.until(() -> mute.accepted() >= MORE_THAN_THE_REQUEST_POOL, Duration.ofSeconds(6),
                        () -> "dials reached the upstream: " + mute.accepted());
                everythingElseAnswersPromptly(c, other);
                assertThat(hanging.statuses((int) CONNECT_TIMEOUT.toMillis() * 2)).as("each dial ends in 504")
                        .containsOnly(504);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(CONNECT_TIMEOUT);
            }
            // A connection the upstream client opened for a dial that had already given up idles in its pool until
            // the client's idle timeout, the connect timeout, closes it.
            Await.until(() -> mute.closedByPeer() == mute.accepted(), CONNECT_TIMEOUT.plusSeconds(10),
                    () -> "upstream connections closed: " + mute.closedByPeer() + " of " + mute.accepted());
            DevProxy proxy = c.proxy();
            Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(5), "no pair left");
        }
    }
}

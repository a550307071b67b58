package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.Revocation;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.Launch;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestClock;
import dev.devproxy.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Credentials that live and die correctly (issue 26, findings 3 and 4): revocation by session, subject and
 * workspace refuses the next request and closes live sockets with 4401; a socket closes when its credential expires;
 * a spent launch token stays spent for as long as a verifier would accept it.
 */
public interface CredentialConformance extends Conformance {

    @Test
    default void revokingASubjectRefusesItsSessionsAndClosesTheirSocketsUntilItLaunchesAgain() throws Exception {
        TestClock clock = TestClock.now();
        ConformanceContext c = conformance().configure(b -> b.clock(clock));
        String alpha = c.sessionCookie("alpha");
        String beta = c.sessionCookie("beta");
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", alpha);
        socket.send("before");
        assertThat(socket.nextText()).isEqualTo("before");

        assertThat(c.proxy().revokeSubject(ConformanceContext.SUBJECT)).as("sockets closed here").isEqualTo(1);
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + alpha).status()).isEqualTo(401);
        assertThat(c.get("/__ide/beta/small", "Cookie: " + beta).status()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(1)); // a launch after the revocation (iat is whole seconds)
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + c.sessionCookie("alpha")).status()).isEqualTo(200);
    }

    @Test
    default void revokingOneSessionLeavesTheOthers() throws Exception {
        ConformanceContext c = conformance();
        String first = c.sessionCookie("alpha");
        String second = c.sessionCookie("alpha");
        String firstId = c.events().of(BootstrapAccepted.class).get(0).sessionId();
        assertThat(firstId).isNotBlank();
        SocketProbe firstSocket = c.openSocket("/__ide/alpha/ws/echo", first);
        SocketProbe secondSocket = c.openSocket("/__ide/alpha/ws/echo", second);

        assertThat(c.proxy().revokeSession(firstId)).isEqualTo(1);
        assertThat(firstSocket.awaitCloseCode()).isEqualTo(4401);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + first).status()).isEqualTo(401);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + second).status()).isEqualTo(200);
        secondSocket.send("still here");
        assertThat(secondSocket.nextText()).isEqualTo("still here");
    }

    @Test
    default void revokingAWorkspaceEndsItsSessionsNotOthers() throws Exception {
        ConformanceContext c = conformance();
        String alpha = c.sessionCookie("alpha");
        String beta = c.sessionCookie("beta");
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", alpha);
        assertThat(c.proxy().revokeWorkspace(WorkspaceId.of("alpha"))).isEqualTo(1);
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + alpha).status()).isEqualTo(401);
        assertThat(c.get("/__ide/beta/small", "Cookie: " + beta).status()).isEqualTo(200);
    }

    // Finding 3: a WebSocket opened with a 3 s credential still relayed frames 40 s later.
    @Test
    default void aSocketClosesWhenItsCredentialExpires() throws Exception {
        TestClock clock = TestClock.now();
        ConformanceContext c = conformance().configure(b -> b.clock(clock).sessionTtl(Duration.ofMinutes(1)));
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", c.sessionCookie("alpha"));
        socket.send("while valid");
        assertThat(socket.nextText()).isEqualTo("while valid");
        clock.advance(Duration.ofMinutes(1));
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(socket.closeReason()).isEqualTo("credential expired");
    }

    @Test
    default void aRevocationTheStoreCannotRecordFailsTheCallAndRevokesNothing() throws Exception {
        RevocationStore broken = new RevocationStore() {
            @Override
            public void revoke(Revocation revocation) {
                throw new IllegalStateException("store down");
            }

            @Override
            public boolean isRevoked(IssuedCredential credential) {
                return false;
            }
        };
        ConformanceContext c = conformance().configure(b -> b.revocationStore(broken));
        String cookie = c.sessionCookie("alpha");
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", cookie);
        assertThatThrownBy(() -> c.proxy().revokeSubject(ConformanceContext.SUBJECT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing was revoked");
        socket.send("still open");
        assertThat(socket.nextText()).isEqualTo("still open");
    }

    // Issue 27: a shared store whose copy of the fleet's revocations is too old to trust fails closed by throwing;
    // that is "try again later" (503, 4503), not a broken proxy (500, 1011) nor a bad credential (401).
    @Test
    default void aRevocationStoreThatCannotTellRefusesWith503AndClosesSocketsWith4503() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean canTell = new java.util.concurrent.atomic.AtomicBoolean(true);
        RevocationStore failingClosed = new RevocationStore() {
            @Override
            public void revoke(Revocation revocation) {
            }

            @Override
            public boolean isRevoked(IssuedCredential credential) {
                if (!canTell.get()) {
                    throw new IllegalStateException("revocations not confirmed for too long");
                }
                return false;
            }
        };
        ConformanceContext c = conformance().configure(b -> b.revocationStore(failingClosed));
        String cookie = c.sessionCookie("alpha");
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", cookie);

        canTell.set(false);
        var refused = c.get("/__ide/alpha/small", "Cookie: " + cookie);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(c.upgradeStatus("/__ide/alpha/ws/echo", cookie, c.uri().toString())).isEqualTo(503);
        assertThat(socket.awaitCloseCode()).isEqualTo(4503);

        canTell.set(true);
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(200);
    }

    // Finding 4: a store written to the old contract forgot a spent token at its expiry, and a replay 4 s after a
    // 2 s token's expiry, within the verifier's clock skew, got in.
    @Test
    default void aSpentLaunchTokenStaysSpentThroughTheVerifiersClockSkew() throws Exception {
        TestClock clock = TestClock.now();
        ReplayStore forgetsWhenTold = new ReplayStore() {
            private final Map<String, Instant> ids = new ConcurrentHashMap<>();

            @Override
            public boolean firstUse(String tokenId, Instant rememberUntil) {
                ids.values().removeIf(until -> !clock.instant().isBefore(until));
                return ids.putIfAbsent(tokenId, rememberUntil) == null;
            }
        };
        ConformanceContext c = conformance().configure(b -> b.clock(clock)
                .tokens(TestTokens.tokens().withClock(clock).withClockSkew(Duration.ofSeconds(30)))
                .tokenTtl(Duration.ofSeconds(2)).replayStore(forgetsWhenTold));
        Launch launch = c.launch("alpha");
        assertThat(c.open(launch).status()).isEqualTo(303);
        clock.advance(Duration.ofSeconds(6)); // 4 s past the expiry, inside the 30 s skew
        assertThat(c.open(launch).status()).isEqualTo(401);
        assertThat(c.events().of(BootstrapRejected.class)).extracting(BootstrapRejected::reason)
                .containsExactly(RejectionReason.REPLAYED);
    }
}

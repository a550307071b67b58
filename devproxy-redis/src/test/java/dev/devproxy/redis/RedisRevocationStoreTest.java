package dev.devproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.Revocation;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The revocation store against a real redis-server: revocations reach other clients' copies and listeners, a missed
 * message is caught up by the resync, Redis losing its data loses no revocation, and a copy that cannot be confirmed
 * fails closed (or serves for the window it was given).
 */
@ExtendWith(RealRedis.class)
class RedisRevocationStoreTest {
    private static final Duration RESYNC = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration FAIL_CLOSED_BOUND = RESYNC.multipliedBy(2).plus(TIMEOUT);

    private RedisProcess redis;
    private final List<RedisFleet> fleets = new ArrayList<>();
    private final String prefix = "t-" + UUID.randomUUID() + ":";

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start(); // one per test: some stop it
    }

    @AfterEach
    void stop() throws Exception {
        fleets.forEach(RedisFleet::close);
        redis.stop();
    }

    private RedisFleet fleet(Duration tolerate) {
        RedisFleet.Builder builder = RedisFleet.builder(RedisSettings.builder().uri(redis.uri()).keyPrefix(prefix)
                .commandTimeout(TIMEOUT).connectTimeout(Duration.ofMillis(500)).build()).resyncInterval(RESYNC);
        RedisFleet fleet = (tolerate == null ? builder.failClosed() : builder.tolerateStaleness(tolerate)).connect();
        fleets.add(fleet);
        return fleet;
    }

    private RedisFleet fleet() {
        return fleet(null);
    }

    // Redis keeps milliseconds, so the revocations other nodes hear are to the millisecond.
    private static Revocation revocation(Revocation.Scope scope, String value) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Revocation(scope, value, now, now.plus(Duration.ofHours(8)));
    }

    private static IssuedCredential credential(String id, String subject, String workspace, Instant issuedAt) {
        return new IssuedCredential(id, subject, WorkspaceId.of(workspace), issuedAt.truncatedTo(ChronoUnit.SECONDS));
    }

    private static final IssuedCredential ALICE = credential("s-1", "alice", "ws-1", Instant.now().minusSeconds(60));

    @Test
    void aRevocationOnOneNodeReachesTheOthersCopiesAndListenersNotItsOwn() throws Exception {
        RedisFleet one = fleet();
        RedisFleet two = fleet();
        RedisFleet three = fleet();
        BlockingQueue<Revocation> heardOnOne = new LinkedBlockingQueue<>();
        BlockingQueue<Revocation> heardOnThree = new LinkedBlockingQueue<>();
        one.revocationStore().onRevocation(heardOnOne::add);
        three.revocationStore().onRevocation(heardOnThree::add);

        Revocation revocation = revocation(Revocation.Scope.SUBJECT, "alice");
        long started = System.nanoTime();
        one.revocationStore().revoke(revocation);

        assertThat(one.revocationStore().isRevoked(ALICE)).as("at once on the revoking node").isTrue();
        assertThat(heardOnThree.poll(5, TimeUnit.SECONDS)).isEqualTo(revocation);
        System.out.printf("revocation heard on another node after %.1f ms%n", (System.nanoTime() - started) / 1e6);
        assertThat(three.revocationStore().isRevoked(ALICE)).isTrue();
        Await.until(() -> two.revocationStore().isRevoked(ALICE), Duration.ofSeconds(5), "node two's copy");
        assertThat(heardOnOne).as("its own revocation is not 'made elsewhere'").isEmpty();
        assertThat(three.revocationStore().isRevoked(credential("s-2", "bob", "ws-1", Instant.now().minusSeconds(5))))
                .isFalse();
    }

    @Test
    void theChannelNotTheResyncCarriesARevocationToTheOtherNodes() throws Exception {
        RedisSettings settings = RedisSettings.builder().uri(redis.uri()).keyPrefix(prefix).build();
        try (RedisFleet one = RedisFleet.builder(settings).resyncInterval(Duration.ofMinutes(1)).connect();
                RedisFleet two = RedisFleet.builder(settings).resyncInterval(Duration.ofMinutes(1)).connect()) {
            BlockingQueue<Revocation> heard = new LinkedBlockingQueue<>();
            two.revocationStore().onRevocation(heard::add);

            one.revocationStore().revoke(revocation(Revocation.Scope.WORKSPACE, "ws-1"));

            assertThat(heard.poll(2, TimeUnit.SECONDS)).as("long before a resync a minute away").isNotNull();
            assertThat(two.revocationStore().isRevoked(ALICE)).isTrue();
        }
    }

    @Test
    void aSubjectsRevocationCoversWhatWasIssuedBeforeNotAfter() {
        RedisFleet one = fleet();
        Instant now = Instant.now();
        one.revocationStore().revoke(new Revocation(Revocation.Scope.SUBJECT, "alice", now, now.plusSeconds(3600)));

        assertThat(one.revocationStore().isRevoked(credential("s-1", "alice", "ws-1", now.minusSeconds(10)))).isTrue();
        assertThat(one.revocationStore().isRevoked(credential("s-3", "alice", "ws-1", now.plusSeconds(2)))).isFalse();
    }

    @Test
    void redisKeepsEachRevocationUntilItsKeepUntilAndNoLonger() throws Exception {
        RedisFleet one = fleet();
        Instant now = Instant.now();
        one.revocationStore().revoke(new Revocation(Revocation.Scope.WORKSPACE, "ws-9", now, now.plusSeconds(90)));

        String members = redis.command("ZRANGE", prefix + "revocations", "0", "-1", "WITHSCORES");
        assertThat(members).contains("WORKSPACE|" + now.toEpochMilli() + "|ws-9")
                .contains(Long.toString(now.plusSeconds(90).toEpochMilli()));
        long ttl = Long.parseLong(redis.command("PTTL", prefix + "revocations").substring(1).trim());
        assertThat(ttl).isBetween(85_000L, 90_000L);

        // A later revocation made with an earlier keep-until drops the expired one and keeps the key for the longest.
        Instant later = Instant.now();
        one.revocationStore().revoke(new Revocation(Revocation.Scope.SESSION, "s-9", later.minusSeconds(100),
                later.minusSeconds(1)));
        assertThat(redis.command("ZRANGE", prefix + "revocations", "0", "-1")).contains("ws-9")
                .doesNotContain("SESSION|");
        assertThat(Long.parseLong(redis.command("PTTL", prefix + "revocations").substring(1).trim()))
                .isGreaterThan(80_000L);
    }

    @Test
    void aRevocationWhoseMessageWasMissedArrivesWithTheNextResync() throws Exception {
        RedisFleet two = fleet();
        BlockingQueue<Revocation> heard = new LinkedBlockingQueue<>();
        two.revocationStore().onRevocation(heard::add);
        Instant now = Instant.now();

        // Written without a message, as when node two was disconnected while it was published.
        redis.command("ZADD", prefix + "revocations", Long.toString(now.plusSeconds(600).toEpochMilli()),
                "SUBJECT|" + now.toEpochMilli() + "|alice");

        Revocation caught = heard.poll(RESYNC.toMillis() * 10, TimeUnit.MILLISECONDS);
        assertThat(caught).isNotNull();
        assertThat(caught.value()).isEqualTo("alice");
        assertThat(two.revocationStore().isRevoked(ALICE)).isTrue();
    }

    @Test
    void revocationsRedisLostInARestartAreWrittenBackByTheNodesThatHoldThem() throws Exception {
        RedisFleet one = fleet();
        one.revocationStore().revoke(revocation(Revocation.Scope.SUBJECT, "alice"));

        redis.stop();
        redis.startAgain(); // no persistence: Redis comes back empty

        Await.until(() -> {
            try {
                return redis.command("ZRANGE", prefix + "revocations", "0", "-1").contains("alice");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Duration.ofSeconds(5), "node one to write its revocation back");
        assertThat(one.revocationStore().isRevoked(ALICE)).isTrue();
        RedisFleet started = fleet();
        assertThat(started.revocationStore().isRevoked(ALICE)).as("a node started after the restart").isTrue();
    }

    @Test
    void failingClosedTheCopyRefusesOnceUnconfirmedBeyondTheBoundAndServesAgainAfterRedisReturns() throws Exception {
        RedisFleet one = fleet();
        one.revocationStore().revoke(revocation(Revocation.Scope.SESSION, "s-1"));
        IssuedCredential bob = credential("s-2", "bob", "ws-1", Instant.now());

        redis.stop();
        long stopped = System.nanoTime();
        assertThatThrownBy(() -> one.revocationStore().revoke(revocation(Revocation.Scope.SUBJECT, "bob")))
                .isInstanceOf(RedisUnavailableException.class);
        Await.until(() -> throwsUnavailable(one, bob), FAIL_CLOSED_BOUND.plusSeconds(2), "failing closed");
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(refusedAfter).isLessThan(FAIL_CLOSED_BOUND.plus(RESYNC).plusMillis(1000));

        redis.startAgain();
        Await.until(() -> !throwsUnavailable(one, bob), Duration.ofSeconds(5), "serving again");
        assertThat(one.revocationStore().isRevoked(bob)).as("the revoke that failed left nothing").isFalse();
        assertThat(one.revocationStore().isRevoked(ALICE)).isTrue();
    }

    @Test
    void toleratingStalenessTheCopyServesThroughAnOutageUpToItsWindow() throws Exception {
        Duration window = Duration.ofSeconds(2);
        RedisFleet one = fleet(window);
        one.revocationStore().revoke(revocation(Revocation.Scope.SESSION, "s-1"));

        long stopping = System.nanoTime();
        redis.stop();
        long stopped = System.nanoTime();
        Await.until(() -> System.nanoTime() - stopped > FAIL_CLOSED_BOUND.plus(RESYNC).toNanos(), Duration.ofSeconds(5),
                "the fail-closed bound to pass");
        assertThat(one.revocationStore().isRevoked(ALICE)).as("past the fail-closed bound: still served").isTrue();
        Await.until(() -> throwsUnavailable(one, ALICE), window.plusSeconds(2), "the window to close");
        // The window counts from the last resync that succeeded, at most one interval (and its round trip) before.
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isGreaterThanOrEqualTo(window.minus(RESYNC)
                .minusMillis(100));
    }

    @Test
    void aWindowShorterThanTheFailClosedBoundIsRefusedAtBuild() {
        assertThatThrownBy(() -> fleet(Duration.ofMillis(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tolerateStaleness must be at least").hasMessageContaining("700 ms");
    }

    private static boolean throwsUnavailable(RedisFleet fleet, IssuedCredential credential) {
        try {
            fleet.revocationStore().isRevoked(credential);
            return false;
        } catch (RedisUnavailableException e) {
            return true;
        }
    }
}

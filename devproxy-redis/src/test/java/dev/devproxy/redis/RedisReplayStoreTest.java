package dev.devproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The replay store against a real redis-server: one atomic first use across clients, expiry, outages. */
@ExtendWith(RealRedis.class)
class RedisReplayStoreTest {
    private static RedisProcess redis;
    private final List<RedisFleet> fleets = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.stop();
        }
    }

    @AfterEach
    void closeFleets() {
        fleets.forEach(RedisFleet::close);
    }

    private RedisFleet fleet(String prefix) {
        RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().uri(redis.uri()).keyPrefix(prefix)
                .commandTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(500)).build())
                .resyncInterval(Duration.ofMillis(200)).connect();
        fleets.add(fleet);
        return fleet;
    }

    private static String prefix() {
        return "t-" + UUID.randomUUID() + ":";
    }

    @Test
    void aTokenIsUsedOnceThenRefusedByEveryClient() {
        String prefix = prefix();
        RedisFleet first = fleet(prefix);
        RedisFleet second = fleet(prefix);
        Instant until = Instant.now().plusSeconds(60);

        assertThat(first.replayStore().firstUse("token-1", until)).isTrue();
        assertThat(first.replayStore().firstUse("token-1", until)).isFalse();
        assertThat(second.replayStore().firstUse("token-1", until)).isFalse();
        assertThat(second.replayStore().firstUse("token-2", until)).isTrue();
    }

    @Test
    void fiftyConcurrentFirstUsesOfOneIdAcrossFiveClientsGiveExactlyOneTrue() throws Exception {
        String prefix = prefix();
        List<RedisFleet> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(fleet(prefix));
        }
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "contested-" + round;
                Instant until = Instant.now().plusSeconds(60);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    RedisReplayStore store = clients.get(i % clients.size()).replayStore();
                    results.add(threads.submit(() -> {
                        go.await();
                        return store.firstUse(id, until);
                    }));
                }
                go.countDown();
                int wins = 0;
                for (Future<Boolean> result : results) {
                    wins += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(wins).as("round " + round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theKeyHoldsAHashOfTheIdAndExpiresWhenTold() throws Exception {
        String prefix = prefix();
        RedisReplayStore store = fleet(prefix).replayStore();
        String id = "a-token-id-" + UUID.randomUUID();

        assertThat(store.firstUse(id, Instant.now().plusMillis(1500))).isTrue();

        String keys = redis.command("KEYS", prefix + "*");
        assertThat(keys).doesNotContain(id).contains(prefix + "spent:" + Keys.sha256(id));
        long ttl = Long.parseLong(redis.command("PTTL", prefix + "spent:" + Keys.sha256(id)).substring(1).trim());
        assertThat(ttl).isBetween(1000L, 1500L);
        Await.until(() -> {
            try {
                return redis.command("EXISTS", prefix + "spent:" + Keys.sha256(id)).startsWith(":0");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Duration.ofSeconds(5), "the spent token's key to expire");
        assertThat(store.firstUse(id, Instant.now().plusSeconds(60))).as("forgotten after its time").isTrue();
    }

    @Test
    void anIdWhoseTimeIsAlreadyPastIsStillRememberedASecond() throws Exception {
        String prefix = prefix();
        RedisReplayStore store = fleet(prefix).replayStore();

        assertThat(store.firstUse("late", Instant.now().minusSeconds(5))).isTrue();

        assertThat(store.firstUse("late", Instant.now().minusSeconds(5))).isFalse();
        long ttl = Long.parseLong(redis.command("PTTL", prefix + "spent:" + Keys.sha256("late")).substring(1).trim());
        assertThat(ttl).isBetween(1L, 1000L);
    }

    @Test
    void whileRedisIsDownFirstUseThrowsWithinTheTimeoutAndAfterItComesBackItWorksAgain() throws Exception {
        RedisReplayStore store = fleet(prefix()).replayStore();
        assertThat(store.firstUse("before", Instant.now().plusSeconds(60))).isTrue();

        redis.stop();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.firstUse("during", Instant.now().plusSeconds(60)))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("did not record a launch token's use");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the command timeout")
                        .isLessThan(Duration.ofMillis(600));
            }
        } finally {
            redis.startAgain();
        }
        Await.until(() -> {
            try {
                return store.firstUse("after", Instant.now().plusSeconds(60));
            } catch (RedisUnavailableException e) {
                return false; // still reconnecting
            }
        }, Duration.ofSeconds(5), "the store to reconnect after Redis restarted");
        assertThat(store.firstUse("after", Instant.now().plusSeconds(60))).isFalse();
    }
}

package dev.devproxy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryReplayStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryReplayStore store = new InMemoryReplayStore(clock);

    @Test
    void firstUseOfAnIdIsTrueAndEveryLaterOneFalse() {
        Instant expiresAt = T0.plusSeconds(60);

        assertThat(store.firstUse("id-1", expiresAt)).isTrue();
        assertThat(store.firstUse("id-1", expiresAt)).isFalse();
        assertThat(store.firstUse("id-1", expiresAt)).isFalse();
        assertThat(store.firstUse("id-2", expiresAt)).isTrue();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void expiredIdsArePurgedOnceTheClockHasPassedThem() {
        for (int i = 0; i < 2048; i++) {
            store.firstUse("old-" + i, T0.plusSeconds(60));
        }
        assertThat(store.size()).isEqualTo(2048);

        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 1024; i++) {
            store.firstUse("new-" + i, T0.plus(Duration.ofMinutes(12)));
        }

        assertThat(store.size()).isLessThanOrEqualTo(1024);
        assertThat(store.firstUse("new-0", T0.plus(Duration.ofMinutes(12)))).isFalse();
    }

    @Test
    void idIsRememberedUntilTheInstantDevproxyNames() {
        Instant rememberUntil = T0.plusSeconds(90);
        store.firstUse("id-1", rememberUntil);

        clock.set(rememberUntil.minusSeconds(1));
        for (int i = 0; i < 1024; i++) {
            store.firstUse("filler-" + i, clock.instant().plusSeconds(60));
        }

        assertThat(store.firstUse("id-1", rememberUntil)).isFalse();
    }

    // Issue 25: the in-memory store refuses rather than grows without bound under a flood of launches.
    @Test
    void aFullStoreRefusesRatherThanGrows() {
        InMemoryReplayStore small = new InMemoryReplayStore(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(small.firstUse("id-" + i, T0.plusSeconds(60))).isTrue();
        }
        assertThatThrownBy(() -> small.firstUse("id-3", T0.plusSeconds(60))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replay store full");
        clock.advance(Duration.ofMinutes(2));
        assertThat(small.firstUse("id-3", clock.instant().plusSeconds(60))).as("room again once ids expire").isTrue();
        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void concurrentFirstUsesOfOneIdFromEightThreadsYieldExactlyOneTrue() throws Exception {
        int threads = 8;
        int ids = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int wins = 0;
                    for (int i = 0; i < ids; i++) {
                        if (store.firstUse("id-" + i, T0.plusSeconds(60))) {
                            wins++;
                        }
                    }
                    return wins;
                }));
            }
            start.countDown();
            int totalWins = 0;
            for (Future<Integer> result : results) {
                totalWins += result.get(30, TimeUnit.SECONDS);
            }

            assertThat(totalWins).isEqualTo(ids);
            assertThat(store.size()).isEqualTo(ids);
        } finally {
            pool.shutdownNow();
        }
    }

}

package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingStoreResolverTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-7");
    private static final Caller ADA = new Caller("ada", WS, Instant.parse("2030-01-01T00:00:00Z"));
    private static final Caller GRACE = new Caller("grace", WS, Instant.parse("2030-01-01T00:00:00Z"));
    private static final Duration TTL = Duration.ofSeconds(5);

    /** A clock the test moves by hand: no sleeping. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The integrator's database, counting lookups. */
    private static final class CountingStore implements CachingStoreResolver.WorkspaceStore {
        final Map<String, CachingStoreResolver.WorkspaceRecord> workspaces = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();
        boolean down;

        void put(String id, String owner, String address) {
            workspaces.put(id, new CachingStoreResolver.WorkspaceRecord(owner, address));
        }

        @Override
        public Optional<CachingStoreResolver.WorkspaceRecord> find(String workspaceId) throws Exception {
            lookups.incrementAndGet();
            if (down) {
                throw new java.sql.SQLTransientConnectionException("database unreachable");
            }
            return Optional.ofNullable(workspaces.get(workspaceId));
        }
    }

    private final ManualClock clock = new ManualClock();
    private final CountingStore store = new CountingStore();
    private final CachingStoreResolver resolver = new CachingStoreResolver(store, TTL, clock);

    @Test
    void aFoundAddressIsLookedUpOnceWithinItsTimeToLive() throws Exception {
        store.put("ws-7", "ada", "10.0.3.17:8080");

        for (int i = 0; i < 50; i++) {
            assertThat(resolver.resolve(WS, ADA)).contains(Target.strip(URI.create("http://10.0.3.17:8080")));
            clock.advance(Duration.ofMillis(99));
        }

        assertThat(store.lookups).hasValue(1);
    }

    @Test
    void anExpiredEntryIsLookedUpAgainAndPicksUpTheNewAddress() throws Exception {
        store.put("ws-7", "ada", "10.0.3.17:8080");
        resolver.resolve(WS, ADA);
        store.put("ws-7", "ada", "10.0.9.9:8080");              // the container was rescheduled

        clock.advance(TTL.minusMillis(1));
        assertThat(resolver.resolve(WS, ADA)).contains(Target.strip(URI.create("http://10.0.3.17:8080")));
        clock.advance(Duration.ofMillis(1));
        assertThat(resolver.resolve(WS, ADA)).contains(Target.strip(URI.create("http://10.0.9.9:8080")));
        assertThat(store.lookups).hasValue(2);
    }

    @Test
    void anUnknownWorkspaceIsNotCachedSoANewOneIsVisibleAtOnce() throws Exception {
        assertThat(resolver.resolve(WS, ADA)).isEmpty();

        store.put("ws-7", "ada", "10.0.3.17:8080");

        assertThat(resolver.resolve(WS, ADA)).isPresent();
        assertThat(store.lookups).hasValue(2);
    }

    @Test
    void aStoreFailureReachesDevproxyAndIsNotCached() throws Exception {
        store.down = true;
        assertThatThrownBy(() -> resolver.resolve(WS, ADA)).hasMessage("database unreachable");   // devproxy: 503

        store.down = false;
        store.put("ws-7", "ada", "10.0.3.17:8080");
        assertThat(resolver.resolve(WS, ADA)).isPresent();
    }

    @Test
    void aCallerWhoIsNotTheOwnerGetsNothingWhetherTheAnswerIsCachedOrNot() throws Exception {
        store.put("ws-7", "ada", "10.0.3.17:8080");

        assertThat(resolver.resolve(WS, GRACE)).as("looked up: not hers").isEmpty();
        assertThat(resolver.resolve(WS, ADA)).isPresent();
        assertThat(resolver.resolve(WS, GRACE)).as("from the cache: still not hers").isEmpty();
        assertThat(store.lookups).hasValue(1);
    }

    @Test
    void aWorkspaceHandedToAnotherOwnerChangesHandsWhenTheCacheForgetsIt() throws Exception {
        store.put("ws-7", "ada", "10.0.3.17:8080");
        resolver.resolve(WS, ADA);
        store.put("ws-7", "grace", "10.0.3.17:8080");

        resolver.forget(WS);

        assertThat(resolver.resolve(WS, ADA)).isEmpty();
        assertThat(resolver.resolve(WS, GRACE)).isPresent();
    }

    @Test
    void forgetDropsTheCachedAddressAtOnce() throws Exception {
        store.put("ws-7", "ada", "10.0.3.17:8080");
        resolver.resolve(WS, ADA);
        store.workspaces.remove("ws-7");                              // the application stopped it

        resolver.forget(WS);

        assertThat(resolver.resolve(WS, ADA)).isEmpty();
    }
}

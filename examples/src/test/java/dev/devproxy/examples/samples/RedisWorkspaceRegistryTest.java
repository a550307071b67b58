package dev.devproxy.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Redis-backed registry against a real redis-server, written to as an orchestrator would: answers only the
 * owner, caches, and drops a changed or deleted workspace at once although its cache would keep it a minute.
 */
@ExtendWith(RealRedis.class)
class RedisWorkspaceRegistryTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final Caller ADA = new Caller("ada", WS, LATER);
    private static final Caller GRACE = new Caller("grace", WS, LATER);
    /** Long: what the tests see change, they see through notifications, not expiry. */
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private RedisProcess redis;
    private RedisWorkspaceRegistry registry;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start("--notify-keyspace-events", "Kgh");
        registry = RedisWorkspaceRegistry.connect(uri(), TTL, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        redis.stop();
    }

    private RedisURI uri() {
        return RedisURI.Builder.redis("127.0.0.1", redis.port()).withTimeout(Duration.ofMillis(500)).build();
    }

    private void orchestrator(String... command) {
        try {
            assertThat(redis.command(command)).doesNotStartWith("-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long lookups() throws IOException {
        Matcher calls = Pattern.compile("cmdstat_hgetall:calls=(\\d+)").matcher(redis.command("INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void theOwnerGetsTheTargetAndEveryoneElseWhatAnUnknownWorkspaceGets() {
        orchestrator("HSET", "workspace:ws-42", "owner", "ada", "upstream", "http://10.0.3.17:8080");

        assertThat(registry.resolve(WS, ADA)).contains(Target.strip(URI.create("http://10.0.3.17:8080")));
        assertThat(registry.resolve(WS, GRACE)).as("not hers, from the cache").isEmpty();
        assertThat(registry.resolve(WorkspaceId.of("ws-7"), new Caller("ada", WorkspaceId.of("ws-7"), LATER)))
                .isEmpty();
    }

    @Test
    void aPageOfFiftyAssetsCostsOneLookup() throws Exception {
        long announced = registry.invalidations();
        orchestrator("HSET", "workspace:ws-42", "owner", "ada", "upstream", "http://10.0.3.17:8080", "mode", "preserve");
        // The HSET's own notification arrives on its own time; a lookup before it would be dropped by it.
        Await.until(() -> registry.invalidations() > announced, PROMPTLY, "the HSET announced");
        long before = lookups();

        for (int i = 0; i < 50; i++) {
            assertThat(registry.resolve(WS, ADA)).contains(Target.preserve(URI.create("http://10.0.3.17:8080")));
        }

        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void aMovedContainerIsSeenAtOnceNotWhenTheCacheExpires() throws Exception {
        orchestrator("HSET", "workspace:ws-42", "owner", "ada", "upstream", "http://10.0.3.17:8080");
        registry.resolve(WS, ADA);

        orchestrator("HSET", "workspace:ws-42", "upstream", "http://10.0.9.9:8080");

        Await.until(() -> registry.resolve(WS, ADA)
                .equals(Optional.of(Target.strip(URI.create("http://10.0.9.9:8080")))), PROMPTLY, "the new address");
    }

    @Test
    void aWorkspaceHandedToAnotherOwnerOrDeletedIsRefusedAtOnce() throws Exception {
        orchestrator("HSET", "workspace:ws-42", "owner", "ada", "upstream", "http://10.0.3.17:8080");
        assertThat(registry.resolve(WS, ADA)).isPresent();

        orchestrator("HSET", "workspace:ws-42", "owner", "grace");
        Await.until(() -> registry.resolve(WS, ADA).isEmpty(), PROMPTLY, "ada to lose it");
        assertThat(registry.resolve(WS, GRACE)).isPresent();

        orchestrator("DEL", "workspace:ws-42");
        Await.until(() -> registry.resolve(WS, GRACE).isEmpty(), PROMPTLY, "the deletion");
        assertThat(registry.cached()).isZero();
    }

    @Test
    void whileRedisIsDownAnUncachedLookupThrowsWhichDevproxyAnswersWith503() throws Exception {
        redis.stop();

        long started = System.nanoTime();
        assertThatThrownBy(() -> registry.resolve(WS, ADA)).isInstanceOf(RedisException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        redis.startAgain();
    }

    @Test
    void itRefusesARedisWhoseKeyspaceNotificationsAreOff() throws Exception {
        registry.close();
        registry = null;
        orchestrator("CONFIG", "SET", "notify-keyspace-events", "");

        assertThatThrownBy(() -> RedisWorkspaceRegistry.connect(uri(), TTL, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("notify-keyspace-events Kgh");
    }
}

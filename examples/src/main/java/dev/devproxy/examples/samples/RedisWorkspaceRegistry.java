package dev.devproxy.examples.samples;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.TargetResolver;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TargetResolver} over the registry your orchestrator keeps in Redis, one hash per workspace, as the field
 * notes' registry keeps {@code agent:<vmid>}:
 *
 * <pre>
 * HSET workspace:ws-42 owner ada upstream http://10.0.3.17:8080          # mode preserve, for Jupyter's base_url
 * </pre>
 *
 * <pre>{@code
 * RedisWorkspaceRegistry registry = RedisWorkspaceRegistry.connect(
 *         RedisURI.Builder.redis("redis.internal", 6379).withTimeout(Duration.ofMillis(500)).build(),   // per lookup
 *         Duration.ofSeconds(30), Clock.systemUTC());
 * DevProxy proxy = DevProxy.builder().resolver(registry) ... .build();
 * }</pre>
 *
 * <p>Every page loads dozens of assets through the tunnel, so answers are cached; and Redis says when a workspace's
 * hash changes or goes (keyspace notifications, {@code notify-keyspace-events} with {@code K}, {@code g} and
 * {@code h}: {@code CONFIG SET notify-keyspace-events Kgh}), so the cache drops it at once: a container moved, a
 * workspace stopped or handed to another owner takes effect on the next request, not when the cache expires. The
 * time to live only bounds what a lost notification could leave behind (while the subscription reconnects; the
 * cache is emptied each time it is back). {@link #connect} refuses a Redis whose notifications are off, where it
 * can read that setting.
 *
 * <p>Every call checks that the caller owns the workspace, cached or not: anyone else gets empty, which devproxy
 * answers with 404, as for a workspace that does not exist. A lookup Redis does not answer in time throws, which
 * devproxy answers with 503.
 */
public final class RedisWorkspaceRegistry implements TargetResolver, AutoCloseable {
    private static final String KEY_PREFIX = "workspace:";

    private record Cached(String owner, Target target, Instant expiresAt) {
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> lookups;
    private final StatefulRedisPubSubConnection<String, String> changes;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: an answer looked up across one is not cached (it may be the old one). */
    private final AtomicLong invalidations = new AtomicLong();

    private RedisWorkspaceRegistry(RedisClient client, Duration timeToLive, Clock clock) {
        this.client = client;
        this.timeToLive = timeToLive;
        this.clock = clock;
        this.lookups = client.connect();
        this.changes = client.connectPubSub();
    }

    /**
     * Connects to {@code uri} (its timeout bounds every lookup), subscribes to changes of {@code workspace:*} hashes
     * and caches answers for at most {@code timeToLive}.
     *
     * @throws IllegalStateException if Redis says its keyspace notifications are off
     */
    public static RedisWorkspaceRegistry connect(RedisURI uri, Duration timeToLive, Clock clock) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(uri.getTimeout())).build());
        RedisWorkspaceRegistry registry = new RedisWorkspaceRegistry(client, Objects.requireNonNull(timeToLive),
                Objects.requireNonNull(clock));
        try {
            registry.requireNotifications();
            registry.changes.addListener(registry.new Invalidations());
            registry.changes.sync().psubscribe("__keyspace@" + uri.getDatabase() + "__:" + KEY_PREFIX + "*");
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private void requireNotifications() {
        String events;
        try {
            events = lookups.sync().configGet("notify-keyspace-events").getOrDefault("notify-keyspace-events", "");
        } catch (RedisException e) {
            return; // a managed Redis may refuse CONFIG: trust the operator who enabled them
        }
        boolean all = events.contains("A");
        if (!events.contains("K") || !(all || events.contains("g")) || !(all || events.contains("h"))) {
            throw new IllegalStateException("Redis's keyspace notifications are off ('" + events + "'), so this"
                    + " registry would serve moved or deleted workspaces until its cache expires:"
                    + " CONFIG SET notify-keyspace-events Kgh (or notify-keyspace-events in redis.conf)");
        }
    }

    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) {
        Instant now = clock.instant();
        Cached cached = cache.get(workspace.value());
        if (cached == null || !now.isBefore(cached.expiresAt())) {
            long generation = invalidations.get();
            Map<String, String> hash = lookups.sync().hgetall(KEY_PREFIX + workspace.value()); // throws: 503
            if (hash.isEmpty() || hash.get("owner") == null || hash.get("upstream") == null) {
                cache.remove(workspace.value());
                return Optional.empty();
            }
            URI upstream = URI.create(hash.get("upstream"));
            Target target = "preserve".equals(hash.get("mode")) ? Target.preserve(upstream) : Target.strip(upstream);
            cached = new Cached(hash.get("owner"), target, now.plus(timeToLive));
            if (invalidations.get() == generation) {
                cache.put(workspace.value(), cached);
            }
        }
        // Checked on every request, from the cache too: "not yours" is the same 404 as "no such workspace".
        return cached.owner().equals(caller.subject()) ? Optional.of(cached.target()) : Optional.empty();
    }

    /** How many workspaces are cached. */
    public int cached() {
        return cache.size();
    }

    /** How many changes Redis has announced, and resubscriptions after a reconnect: each dropped cached answers. */
    public long invalidations() {
        return invalidations.get();
    }

    @Override
    public void close() {
        changes.close();
        lookups.close();
        client.shutdown();
    }

    // On Lettuce's I/O thread: only map operations.
    private final class Invalidations extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String pattern, String channel, String event) {
            invalidations.incrementAndGet();
            cache.remove(channel.substring(channel.indexOf(KEY_PREFIX) + KEY_PREFIX.length()));
        }

        @Override
        public void psubscribed(String pattern, long count) {
            // After a reconnect: what changed meanwhile was not announced to us.
            invalidations.incrementAndGet();
            cache.clear();
        }
    }
}

package dev.devproxy.redis;

import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.Revocation;
import dev.devproxy.spi.RevocationStore;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RevocationStore} shared by every node of a fleet: a session, subject or workspace revoked on any node is
 * refused on every node, and its live WebSockets close there. Get it from {@link RedisFleet#revocationStore()}.
 *
 * <p><b>In Redis:</b> one sorted set, {@code <prefix>revocations}, each member a revocation ({@code
 * SCOPE|revokedAtMillis|value}: a session id, subject or workspace id, never a token or cookie) scored by the
 * millisecond until which it must be kept; the key expires with its last member. {@link #revoke} is one script
 * ({@code EVAL}): add the member, drop expired ones, extend the key's expiry, and publish the revocation on
 * {@code <prefix>events}.
 *
 * <p><b>On each node:</b> {@link #isRevoked} answers from a copy in memory, never from Redis. The copy learns a
 * revocation made elsewhere from the channel within milliseconds, and calls the {@link #onRevocation} listeners
 * (devproxy closes the sockets it covers); and it reads the whole set again every
 * {@link RedisFleet.Builder#resyncInterval resync interval} (and at once after a reconnect), which catches up with any
 * message lost while a connection was down. The copy never drops a revocation before its keep-until, even if Redis
 * lost it (a restart without persistence): it writes such revocations back at the next resync.
 *
 * <p><b>When Redis is unreachable:</b> {@link #revoke} throws (nothing is revoked, and the application's call fails),
 * and the copy ages. Once it has not been confirmed against Redis for longer than the fleet's staleness bound
 * ({@link RedisFleet.Builder#failClosed()} or {@link RedisFleet.Builder#tolerateStaleness}), {@link #isRevoked}
 * throws {@link RedisUnavailableException}: devproxy answers tunnel requests with 503 and closes live WebSockets with
 * 4503 until a resync succeeds.
 */
public final class RedisRevocationStore implements RevocationStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationStore.class);

    // One round trip, atomic: the revocation is in the set, expired members are gone, the key lives as long as its
    // longest member, and every subscribed node is told (PUBLISH from a script reaches subscribers as any publish).
    private static final String REVOKE = """
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            local keep = tonumber(ARGV[1]) - tonumber(ARGV[3])
            if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
            return redis.call('PUBLISH', ARGV[4], ARGV[5])
            """;
    // Revocations this node still holds that Redis lost: ARGV = now, then score and member pairs.
    private static final String RESTORE = """
            local longest = 0
            for i = 2, #ARGV, 2 do
              redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
              longest = math.max(longest, tonumber(ARGV[i]) - tonumber(ARGV[1]))
            end
            if redis.call('PTTL', KEYS[1]) < longest then redis.call('PEXPIRE', KEYS[1], longest) end
            return #ARGV
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final Clock clock;
    private final String node;
    private final String address;
    private final Duration maxStaleness;
    private final Executor events;
    private final RevocationCopy copy = new RevocationCopy();
    private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();
    /** The resync in flight, if any: callers while it runs share it. */
    private CompletableFuture<Void> resyncing;
    /** System.nanoTime() when the last successful resync started: the copy is at least that current. */
    private volatile long confirmedAt;
    private volatile boolean stale;

    RedisRevocationStore(StatefulRedisConnection<String, String> connection, Keys keys, Clock clock, String node,
            String address, Duration maxStaleness, Executor events) {
        this.connection = connection;
        this.keys = keys;
        this.clock = clock;
        this.node = node;
        this.address = address;
        this.maxStaleness = maxStaleness;
        this.events = events;
        this.confirmedAt = System.nanoTime();
    }

    /**
     * Records {@code revocation} in Redis and tells every node, in one command; then in this node's copy.
     *
     * @throws RedisUnavailableException if Redis did not answer within the command timeout: devproxy fails the
     *     revoking call. (If the command reached Redis before the timeout, the revocation holds anyway.)
     */
    @Override
    public void revoke(Revocation revocation) {
        Objects.requireNonNull(revocation, "revocation");
        // As every node will read it from Redis: to the millisecond.
        Revocation stored = new Revocation(revocation.scope(), revocation.value(),
                revocation.revokedAt().truncatedTo(ChronoUnit.MILLIS), revocation.keepUntil());
        try {
            connection.sync().<Long>eval(REVOKE, ScriptOutputType.INTEGER, new String[] {keys.revocations()},
                    Long.toString(stored.keepUntil().toEpochMilli()), RevocationCodec.member(stored),
                    Long.toString(clock.millis()), keys.events(), RevocationCodec.revocationEvent(node, stored));
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis at " + address + " did not record a revocation: "
                    + e.getMessage(), e);
        }
        copy.merge(stored);
    }

    /**
     * From this node's copy, without I/O.
     *
     * @throws RedisUnavailableException (without a stack trace) when the copy has not been confirmed against Redis
     *     for longer than the fleet's staleness bound
     */
    @Override
    public boolean isRevoked(IssuedCredential credential) {
        long age = System.nanoTime() - confirmedAt;
        if (age > maxStaleness.toNanos()) {
            throw new RedisUnavailableException("revocations last confirmed with Redis " + age / 1_000_000
                    + " ms ago, longer than the " + maxStaleness.toMillis() + " ms allowed: failing closed");
        }
        return copy.covers(credential);
    }

    @Override
    public void onRevocation(Consumer<Revocation> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** How many revocations this node's copy holds. */
    public int size() {
        return copy.size();
    }

    /** How long ago, at most, the copy was known to hold every revocation Redis held. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - confirmedAt);
    }

    /** A revocation another node published; on the events executor. */
    void received(String sender, Revocation revocation) {
        if (!sender.equals(node) && revocation.keepUntil().isAfter(clock.instant()) && copy.merge(revocation)) {
            notifyListeners(revocation);
        }
    }

    /**
     * Reads every live revocation from Redis into the copy, writes back those Redis lost, and marks the copy
     * current. Runs on the events executor; never blocks it (the read completes asynchronously, bounded by the
     * command timeout), and runs once at a time.
     */
    CompletableFuture<Void> resync() {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (resyncing != null) {
                return resyncing; // the one in flight will do
            }
            done = resyncing = new CompletableFuture<>();
        }
        long started = System.nanoTime();
        long now = clock.millis();
        try {
            connection.async().zrangebyscoreWithScores(keys.revocations(),
                    Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded()))
                    .whenCompleteAsync((members, failure) -> {
                        try {
                            if (failure != null) {
                                resyncFailed(failure);
                            } else {
                                resynced(members, started, now);
                            }
                        } finally {
                            finish(done, failure);
                        }
                    }, events);
        } catch (RuntimeException e) { // the connection is closed, or the executor stopped
            resyncFailed(e);
            finish(done, e);
        }
        return done;
    }

    private void finish(CompletableFuture<Void> done, Throwable failure) {
        synchronized (this) {
            resyncing = null;
        }
        if (failure != null) {
            done.completeExceptionally(failure);
        } else {
            done.complete(null);
        }
    }

    private void resynced(List<ScoredValue<String>> members, long started, long now) {
        Set<String> inRedis = new HashSet<>();
        for (ScoredValue<String> member : members) {
            inRedis.add(member.getValue());
            Revocation revocation = RevocationCodec.revocation(member.getValue(), member.getScore());
            if (revocation != null && copy.merge(revocation)) {
                // A revocation whose message this node missed (it was disconnected): its sockets close now.
                notifyListeners(revocation);
            }
        }
        copy.purge(Instant.ofEpochMilli(now));
        List<String> lost = new ArrayList<>();
        lost.add(Long.toString(now));
        for (Revocation revocation : copy.all()) {
            if (!inRedis.contains(RevocationCodec.member(revocation))) {
                lost.add(Long.toString(revocation.keepUntil().toEpochMilli()));
                lost.add(RevocationCodec.member(revocation));
            }
        }
        if (lost.size() > 1) {
            restore(lost);
        }
        confirmedAt = started;
        if (stale) {
            stale = false;
            LOG.info("revocations confirmed with Redis at {} again; tunnel requests are served", address);
        }
    }

    private void restore(List<String> lost) {
        LOG.warn("Redis at {} lost {} live revocations (restarted without persistence?); writing them back", address,
                (lost.size() - 1) / 2);
        connection.async().<Long>eval(RESTORE, ScriptOutputType.INTEGER, new String[] {keys.revocations()},
                lost.toArray(new String[0])).whenComplete((written, failure) -> {
                    if (failure != null) {
                        LOG.warn("could not write revocations back to Redis at {}: {}; next resync tries again",
                                address, failure.toString());
                    }
                });
    }

    private void resyncFailed(Throwable failure) {
        if (!stale && age().compareTo(maxStaleness) > 0) {
            stale = true;
            LOG.warn("revocations not confirmed with Redis at {} for {} ms ({}): refusing tunnel requests (503) until"
                    + " it answers", address, age().toMillis(), failure.toString());
        } else {
            LOG.debug("resync of revocations with Redis at {} failed: {}", address, failure.toString());
        }
    }

    private void notifyListeners(Revocation revocation) {
        for (Consumer<Revocation> listener : listeners) {
            try {
                listener.accept(revocation);
            } catch (RuntimeException e) {
                LOG.warn("revocation listener {} threw {}", listener.getClass().getName(), e.toString());
            }
        }
    }

    /** The Redis address and the copy's size and age; never what revocations name. */
    @Override
    public String toString() {
        return "RedisRevocationStore[" + address + ", " + size() + " revocations, confirmed " + age().toMillis()
                + " ms ago]";
    }
}

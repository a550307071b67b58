package dev.devproxy.token;

import dev.devproxy.spi.ReplayStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link ReplayStore}: token ids in a map in this JVM. It protects one node only; behind a
 * load balancer with several API nodes, use a shared store (Redis {@code SET NX PX}, a database unique key).
 *
 * <p>An id is remembered until five minutes after its token expires: a token is still accepted while it
 * is expired by less than the verifier's clock skew (at most five minutes, see
 * {@link JwtTokens#withClockSkew}), and must not be replayable in that window. Expired ids are purged
 * every 1024 calls, on the calling thread, so the map holds the ids of live tokens
 * plus at most about that many expired ones.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class InMemoryReplayStore implements ReplayStore {
    private static final int PURGE_INTERVAL = 1024;

    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> forgetAfter = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** A store that reads the time from {@code clock}, to decide when ids may be forgotten. */
    public InMemoryReplayStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store on {@link Clock#systemUTC()}. */
    public InMemoryReplayStore() {
        this(Clock.systemUTC());
    }

    /**
     * Records the use of {@code tokenId}.
     *
     * @param tokenId the token's unique id
     * @param expiresAt when the token expires
     * @return {@code true} the first time {@code tokenId} is seen, {@code false} on every later call
     *     until it is forgotten (after {@code expiresAt} plus five minutes)
     */
    @Override
    public boolean firstUse(String tokenId, Instant expiresAt) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (calls.incrementAndGet() % PURGE_INTERVAL == 0) {
            purgeExpired();
        }
        return forgetAfter.putIfAbsent(tokenId, expiresAt.plus(JwtTokens.MAX_CLOCK_SKEW)) == null;
    }

    /** How many ids are remembered, expired ones not yet purged included. */
    public int size() {
        return forgetAfter.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        // removeIf on the view removes entry by entry, so concurrent putIfAbsent calls are not lost.
        forgetAfter.values().removeIf(deadline -> deadline.isBefore(now));
    }

    /** The number of remembered ids; never the ids themselves. */
    @Override
    public String toString() {
        return "InMemoryReplayStore[size=" + size() + "]";
    }
}

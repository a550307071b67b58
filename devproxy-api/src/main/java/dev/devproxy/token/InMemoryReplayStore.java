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
 * <p>An id is remembered until the instant devproxy names: its token's expiry plus the verifier's clock skew.
 * Expired ids are purged every 1024 calls, on the calling thread, so the map holds the ids of live tokens plus at
 * most about that many expired ones; it holds at most {@link #DEFAULT_CAPACITY} (or the given capacity) unexpired
 * ids, and refuses more rather than grow without bound.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class InMemoryReplayStore implements ReplayStore {
    private static final int PURGE_INTERVAL = 1024;

    /** How many unexpired ids the default store holds at most. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final int capacity;
    private final ConcurrentHashMap<String, Instant> forgetAfter = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** A store that reads the time from {@code clock}, to decide when ids may be forgotten. */
    public InMemoryReplayStore(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /**
     * A store that holds at most {@code capacity} unexpired ids and refuses (throws, which devproxy answers with 503)
     * rather than grow past it.
     */
    public InMemoryReplayStore(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** A store on {@link Clock#systemUTC()}. */
    public InMemoryReplayStore() {
        this(Clock.systemUTC());
    }

    /**
     * Records the use of {@code tokenId}.
     *
     * @param tokenId the token's unique id
     * @param rememberUntil until when to remember it (the token's expiry plus the verifier's clock skew)
     * @return {@code true} the first time {@code tokenId} is seen, {@code false} on every later call until
     *     {@code rememberUntil}
     * @throws IllegalStateException if the store holds its capacity of unexpired ids
     */
    @Override
    public boolean firstUse(String tokenId, Instant rememberUntil) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        if (calls.incrementAndGet() % PURGE_INTERVAL == 0) {
            purgeExpired();
        }
        if (forgetAfter.size() >= capacity) {
            purgeExpired();
            if (forgetAfter.size() >= capacity) {
                // Refused rather than grown without bound: a flood of launches cannot exhaust the heap. devproxy
                // answers 503 with Retry-After; a genuine user retries once ids expire.
                throw new IllegalStateException("replay store full: " + capacity + " unexpired token ids");
            }
        }
        return forgetAfter.putIfAbsent(tokenId, rememberUntil) == null;
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

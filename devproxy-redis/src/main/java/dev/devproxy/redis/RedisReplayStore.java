package dev.devproxy.redis;

import dev.devproxy.spi.ReplayStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisStringCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link ReplayStore} shared by every node of a fleet: a launch token spent through one node is refused by all.
 * Get it from {@link RedisFleet#replayStore()}.
 *
 * <p>A first use is one atomic Redis command, {@code SET <prefix>spent:<sha256(id)> 1 NX PX <ms>}: of any number of
 * concurrent calls for one id, on any nodes, exactly one creates the key and answers {@code true}. The key expires
 * when devproxy says the id may be forgotten (the token's expiry plus the verifier's clock skew), counted as a
 * duration from this node's clock ({@code PX}, not {@code PXAT}): a Redis server whose clock is off cannot make it
 * expire early. Redis holds the id's SHA-256, never the token or the id (see the README's "Running several nodes").
 *
 * <p>The calling thread (a bootstrap's request thread) waits at most {@link RedisSettings#commandTimeout()}. When
 * Redis does not answer in time, or is unreachable, {@link #firstUse} throws {@link RedisUnavailableException} and
 * devproxy answers 503 with {@code Retry-After}: single use cannot be proven, so the token is not accepted. A command
 * that timed out may still have been carried out, so the token may be spent: the person launches again.
 */
public final class RedisReplayStore implements ReplayStore {
    /** Remembered at least this long, even when told a moment already past: the verifier's clock said it was not. */
    private static final Duration AT_LEAST = Duration.ofSeconds(1);

    private final RedisStringCommands<String, String> commands;
    private final Keys keys;
    private final Clock clock;
    private final String address;

    RedisReplayStore(RedisStringCommands<String, String> commands, Keys keys, Clock clock, String address) {
        this.commands = commands;
        this.keys = keys;
        this.clock = clock;
        this.address = address;
    }

    /**
     * Records the use of {@code tokenId} across the fleet.
     *
     * @throws RedisUnavailableException if Redis did not answer within the command timeout
     */
    @Override
    public boolean firstUse(String tokenId, Instant rememberUntil) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        long millis = Math.max(AT_LEAST.toMillis(), Duration.between(clock.instant(), rememberUntil).toMillis());
        try {
            return "OK".equals(commands.set(keys.spent(tokenId), "1", SetArgs.Builder.nx().px(millis)));
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis at " + address + " did not record a launch token's use: "
                    + e.getMessage(), e);
        }
    }

    /** The Redis address; never a key or id. */
    @Override
    public String toString() {
        return "RedisReplayStore[" + address + "]";
    }
}

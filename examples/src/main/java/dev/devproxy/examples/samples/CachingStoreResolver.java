package dev.devproxy.examples.samples;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.TargetResolver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TargetResolver} that looks the container's address up in the application's own store and
 * remembers it for a short while, so a page that loads fifty assets costs one lookup, not fifty.
 *
 * <pre>{@code
 * ContainerAddressStore store = id -> jdbc.queryOptional("select host_port from workspaces where id = ?", id);
 * DevProxy proxy = DevProxy.builder()
 *         .resolver(new CachingStoreResolver(store, Duration.ofSeconds(5), Clock.systemUTC()))
 *         .tokens(JwtTokens.hmac(secret))
 *         .build();
 * }</pre>
 *
 * <p>Only found addresses are cached: a workspace that was just created is visible at once. A store that
 * throws is not cached either; the exception reaches devproxy, which answers 503 with {@code Retry-After}.
 * Keep the time to live short: a stopped container stays reachable through the cache until it expires
 * (call {@link #forget} when the application stops one).
 */
public final class CachingStoreResolver implements TargetResolver {

    /** The application's own record of where each workspace's container listens: a table, a Redis hash. */
    @FunctionalInterface
    public interface ContainerAddressStore {
        /**
         * The {@code host:port} of the workspace's container, or empty if there is none.
         *
         * @throws Exception if the store cannot be reached
         */
        Optional<String> addressOf(String workspaceId) throws Exception;
    }

    private record Cached(Target target, Instant expiresAt) {
    }

    private final ContainerAddressStore store;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<WorkspaceId, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param store where addresses live
     * @param timeToLive how long a found address is reused, e.g. 5 seconds
     * @param clock the time source ({@link Clock#systemUTC()}; tests pass their own)
     */
    public CachingStoreResolver(ContainerAddressStore store, Duration timeToLive, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) throws Exception {
        Instant now = clock.instant();
        Cached cached = cache.get(workspace);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return Optional.of(cached.target());
        }
        Optional<Target> target = store.addressOf(workspace.value())
                .map(address -> Target.strip(URI.create("http://" + address)));
        if (target.isPresent()) {
            cache.put(workspace, new Cached(target.get(), now.plus(timeToLive)));
        } else {
            cache.remove(workspace);
        }
        return target;
    }

    /** Drops the cached address of {@code workspace}, e.g. when the application stops its container. */
    public void forget(WorkspaceId workspace) {
        cache.remove(workspace);
    }
}

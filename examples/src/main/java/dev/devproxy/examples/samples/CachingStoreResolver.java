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
 * A {@link TargetResolver} that looks the workspace up in the application's own store (who owns it, where its
 * container listens) and remembers the answer for a short while, so a page that loads fifty assets costs one
 * lookup, not fifty.
 *
 * <pre>{@code
 * WorkspaceStore store = id -> jdbc.queryOptional(
 *         "select owner_id, host_port from workspaces where id = ?", id,
 *         row -> new WorkspaceRecord(row.getString(1), row.getString(2)));
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))
 *         .resolver(new CachingStoreResolver(store, Duration.ofSeconds(5), Clock.systemUTC()))
 *         .tokens(JwtTokens.hmac(secret))
 *         .build();
 * }</pre>
 *
 * <p>Every call checks that the caller owns the workspace, cached or not: anyone else gets empty, which devproxy
 * answers with 404, as for a workspace that does not exist. A session cookie only proves who launched which
 * workspace, up to 8 hours ago; ownership is the store's to say, now.
 *
 * <p>Only found workspaces are cached: one that was just created is visible at once. A store that throws is not
 * cached either; the exception reaches devproxy, which answers 503 with {@code Retry-After}. Keep the time to live
 * short: a stopped container, or a workspace handed to another owner, keeps its old answer until it expires (call
 * {@link #forget} when the application changes one).
 */
public final class CachingStoreResolver implements TargetResolver {

    /** The application's own record of its workspaces: a table, a Redis hash. */
    @FunctionalInterface
    public interface WorkspaceStore {
        /**
         * The workspace's owner and container address, or empty if there is no such workspace.
         *
         * @throws Exception if the store cannot be reached
         */
        Optional<WorkspaceRecord> find(String workspaceId) throws Exception;
    }

    /**
     * One workspace as the store knows it.
     *
     * @param owner the user id of its owner: the subject the application issues launch tokens to
     * @param address the {@code host:port} its container listens on
     */
    public record WorkspaceRecord(String owner, String address) {
        /** Validates that no component is null. */
        public WorkspaceRecord {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(address, "address");
        }
    }

    private record Cached(String owner, Target target, Instant expiresAt) {
    }

    private final WorkspaceStore store;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<WorkspaceId, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param store where workspaces are recorded
     * @param timeToLive how long a found workspace is reused, e.g. 5 seconds
     * @param clock the time source ({@link Clock#systemUTC()}; tests pass their own)
     */
    public CachingStoreResolver(WorkspaceStore store, Duration timeToLive, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) throws Exception {
        Instant now = clock.instant();
        Cached cached = cache.get(workspace);
        if (cached == null || !now.isBefore(cached.expiresAt())) {
            Optional<WorkspaceRecord> found = store.find(workspace.value());
            if (found.isEmpty()) {
                cache.remove(workspace);
                return Optional.empty();
            }
            cached = new Cached(found.get().owner(),
                    Target.strip(URI.create("http://" + found.get().address())), now.plus(timeToLive));
            cache.put(workspace, cached);
        }
        // Checked on every request, from the cache too: "not yours" is the same 404 as "no such workspace".
        return cached.owner().equals(caller.subject()) ? Optional.of(cached.target()) : Optional.empty();
    }

    /** Drops what is cached for {@code workspace}, e.g. when the application stops its container or hands it on. */
    public void forget(WorkspaceId workspace) {
        cache.remove(workspace);
    }
}

package dev.devproxy.redis;

import dev.devproxy.DevProxy;
import dev.devproxy.WorkspaceId;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's connection to the Redis its fleet shares: the {@link #replayStore() replay store} and
 * {@link #revocationStore() revocation store} to build every node's {@link DevProxy} with, and
 * {@link #closeWorkspace fleet-wide closing} of a workspace's WebSockets.
 *
 * <pre>{@code
 * RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().uri(URI.create("rediss://redis.internal:6380"))
 *                 .password(passwordFromYourVault()).build())
 *         .connect();                                       // fails fast if Redis cannot be reached now
 * DevProxy proxy = DevProxy.builder()
 *         .replayStore(fleet.replayStore())                 // a token spent on any node is spent on all
 *         .revocationStore(fleet.revocationStore())         // revoke on any node: refused and closed on all
 *         .sessionSecret(sessionSecretFromYourVault())      // the same on every node: any node takes any cookie
 *         // routing, resolver, tokens (the same keys on every node), launchAuthorizer ...
 *         .build();
 * fleet.attach(proxy);                                      // so closeWorkspace reaches this node's sockets
 * ...
 * fleet.closeWorkspace(WorkspaceId.of("ws-42"));            // every node closes its sockets with 4410
 * }</pre>
 *
 * <p>Each fleet holds two connections (commands, and the subscription to {@code <prefix>events}), two I/O threads
 * of the Redis client, and one thread of its own ({@code devproxy-redis}) that resyncs revocations and runs what
 * other nodes announce. After Redis restarts or the network drops, the client reconnects by itself (retrying after
 * 50 ms, doubling up to 1 s) and resubscribes, and the revocations are read again at once; no gateway restarts.
 * While it is disconnected, commands fail at once rather than queue. Close the fleet after the proxies built with it.
 */
public final class RedisFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFleet.class);

    /** The default {@link Builder#resyncInterval}. */
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(5);

    private final RedisSettings settings;
    private final String node = UUID.randomUUID().toString();
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService events;
    private final List<DevProxy> attached = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Keys keys;
    private final Duration maxStaleness;
    private final Duration resyncInterval;
    private final Clock clock;
    private StatefulRedisConnection<String, String> commands;
    private StatefulRedisPubSubConnection<String, String> subscription;
    private RedisReplayStore replayStore;
    private RedisRevocationStore revocationStore;

    private RedisFleet(Builder b) {
        this.settings = b.settings;
        this.keys = new Keys(settings.keyPrefix());
        this.clock = b.clock;
        this.resyncInterval = b.resyncInterval;
        this.maxStaleness = b.maxStaleness != null ? b.maxStaleness
                : b.resyncInterval.multipliedBy(2).plus(settings.commandTimeout());
        this.events = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "devproxy-redis");
            thread.setDaemon(true);
            return thread;
        });
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Lettuce's default backs off to 30 s; a gateway should be back within a second of Redis.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri(settings));
        client.setOptions(clientOptions(settings));
    }

    /** A builder for a fleet connection with {@code settings}. */
    public static Builder builder(RedisSettings settings) {
        return new Builder(settings);
    }

    private static RedisURI redisUri(RedisSettings settings) {
        RedisURI.Builder uri = RedisURI.Builder.redis(settings.host(), settings.port())
                .withDatabase(settings.database())
                .withSsl(settings.tls())
                .withVerifyPeer(settings.verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE)
                .withTimeout(settings.commandTimeout())
                .withClientName("devproxy");
        if (settings.hasPassword()) {
            char[] password = settings.password();
            uri = settings.username().isPresent() ? uri.withAuthentication(settings.username().get(), password)
                    : uri.withPassword(password);
        }
        return uri.build();
    }

    private static ClientOptions clientOptions(RedisSettings settings) {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                // Queued commands would run after their caller gave up: a bootstrap answered 503 would still spend
                // its token. Rejected at once, the caller answers 503 and nothing happens behind its back.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true)
                        .tcpNoDelay(true).build());
        settings.trustedCertificates().ifPresent(pem ->
                options.sslOptions(SslOptions.builder().trustManager(pem.toFile()).build()));
        return options.build();
    }

    private RedisFleet start() {
        try {
            commands = client.connect(StringCodec.UTF8);
            commands.setTimeout(settings.commandTimeout());
            replayStore = new RedisReplayStore(commands.sync(), keys, clock, address());
            revocationStore = new RedisRevocationStore(commands, keys, clock, node, address(), maxStaleness, events);
            subscription = client.connectPubSub(StringCodec.UTF8);
            subscription.setTimeout(settings.commandTimeout());
            subscription.addListener(new Subscriber());
            subscription.sync().subscribe(keys.events());
            revocationStore.resync().get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (RedisException | TimeoutException e) {
            close();
            throw new RedisUnavailableException("could not connect to Redis at " + address() + ": " + e, e);
        } catch (ExecutionException e) {
            close();
            throw new RedisUnavailableException("could not read revocations from Redis at " + address() + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while connecting to Redis at " + address(), e);
        }
        long interval = resyncInterval.toMillis();
        events.scheduleWithFixedDelay(revocationStore::resync, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("connected to {} (node {}, revocations resynced every {} ms, refused after {} ms unconfirmed)",
                settings, node, interval, maxStaleness.toMillis());
        return this;
    }

    /** The store that makes a launch token single-use across the fleet. */
    public RedisReplayStore replayStore() {
        return replayStore;
    }

    /** The store that shares revocations across the fleet. */
    public RedisRevocationStore revocationStore() {
        return revocationStore;
    }

    /**
     * Lets {@link #closeWorkspace} from any node close {@code proxy}'s sockets. Call it once the proxy is built with
     * this fleet's stores.
     */
    public void attach(DevProxy proxy) {
        attached.add(Objects.requireNonNull(proxy, "proxy"));
    }

    /**
     * Closes every live WebSocket of {@code workspace} with {@code 4410} on every node of the fleet:
     * {@link DevProxy#closeWorkspace} on the proxies attached here, at once, then on every other node as soon as the
     * message reaches it. Sessions stay valid, as with {@link DevProxy#closeWorkspace}; to end them too, use
     * {@link DevProxy#revokeWorkspace}, which already reaches every node.
     *
     * @return how many nodes Redis delivered the message to, this one included
     * @throws RedisUnavailableException if the other nodes could not be told (this node's sockets are closed anyway)
     */
    public long closeWorkspace(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        attached.forEach(proxy -> proxy.closeWorkspace(workspace));
        try {
            return commands.sync().publish(keys.events(), RevocationCodec.closeEvent(node, workspace));
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis at " + address() + " did not pass on a closed workspace: "
                    + e.getMessage(), e);
        }
    }

    private String address() {
        return (settings.tls() ? "rediss://" : "redis://") + settings.host() + ":" + settings.port();
    }

    /** Closes both connections and the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.shutdownNow();
        for (AutoCloseable connection : new AutoCloseable[] {subscription, commands}) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (Exception e) {
                    LOG.debug("closing a Redis connection: {}", e.toString());
                }
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The settings (no password) and this node's id. */
    @Override
    public String toString() {
        return "RedisFleet[" + settings + ", node " + node + "]";
    }

    // Lettuce calls these on its I/O threads; everything they start runs on the fleet's own thread.
    private final class Subscriber extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            RevocationCodec.Event event = RevocationCodec.event(message);
            if (event == null) {
                LOG.debug("ignoring a message on {} that is not devproxy's", channel);
                return;
            }
            events.execute(() -> {
                if (event.revocation() != null) {
                    revocationStore.received(event.node(), event.revocation());
                } else if (!event.node().equals(node)) {
                    attached.forEach(proxy -> proxy.closeWorkspace(event.closedWorkspace()));
                }
            });
        }

        @Override
        public void subscribed(String channel, long count) {
            // After every (re)connect: messages sent while this node was away are lost, so read the set now.
            if (revocationStore != null && !closed.get()) {
                events.execute(revocationStore::resync);
            }
        }
    }

    /** Configures a fleet connection; {@link #connect()} makes it. */
    public static final class Builder {
        private final RedisSettings settings;
        private Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;
        private Duration maxStaleness;
        private Clock clock = Clock.systemUTC();

        private Builder(RedisSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /**
         * How often each node reads every live revocation from Redis (default 5 s): the bound on how late a node
         * learns a revocation whose message it missed (it was disconnected), and how often it proves its copy
         * current. Each resync is one {@code ZRANGEBYSCORE} returning every live revocation (about 60 bytes each).
         */
        public Builder resyncInterval(Duration interval) {
            Objects.requireNonNull(interval, "resyncInterval");
            if (interval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("resyncInterval must be at least 100 ms, got " + interval);
            }
            this.resyncInterval = interval;
            return this;
        }

        /**
         * Fail closed (the default): once this node's copy of the revocations has not been confirmed against Redis
         * for two resync intervals plus the command timeout (10.5 s by default), tunnel requests are answered 503
         * and live WebSockets close with 4503, until Redis answers again. Nothing revoked on another node during a
         * partition is honoured late, and a Redis outage stops every IDE after seconds.
         */
        public Builder failClosed() {
            this.maxStaleness = null;
            return this;
        }

        /**
         * Serve from a stale copy for up to {@code window} (at least two resync intervals plus the command timeout):
         * already-verified sessions keep working through a Redis outage that short, and only then are refused as
         * with {@link #failClosed()}. The price: a revocation made during a partition by a node that can still
         * reach Redis may be honoured here up to {@code window} late. (No revocation can be made while Redis is down
         * for every node: {@code revoke*} then fails.) New launches need Redis either way.
         */
        public Builder tolerateStaleness(Duration window) {
            Objects.requireNonNull(window, "window");
            this.maxStaleness = window;
            return this;
        }

        /** The clock that decides when spent tokens and revocations may be forgotten (default: the system's). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Connects, subscribes and reads the revocations once.
         *
         * @throws RedisUnavailableException if Redis cannot be reached or refuses the credentials now: a node
         *     starts only once it can prove single use
         * @throws IllegalArgumentException if {@link #tolerateStaleness} is shorter than the fail-closed bound
         */
        public RedisFleet connect() {
            Duration floor = resyncInterval.multipliedBy(2).plus(settings.commandTimeout());
            if (maxStaleness != null && maxStaleness.compareTo(floor) < 0) {
                throw new IllegalArgumentException("tolerateStaleness must be at least two resync intervals plus the"
                        + " command timeout (" + floor.toMillis() + " ms), got " + maxStaleness.toMillis() + " ms");
            }
            RedisFleet fleet = new RedisFleet(this);
            return fleet.start();
        }
    }
}
